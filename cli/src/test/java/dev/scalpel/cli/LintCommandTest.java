package dev.scalpel.cli;

import static dev.scalpel.cli.JsonOutput.array;
import static dev.scalpel.cli.JsonOutput.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
  @TempDir
  Path dir;

  /** Relu with two inputs: one input-count error. */
  private static Model broken() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3));
    b.output(b.op("Relu", x, x));
    return b.irVersion(7).model();
  }

  @Test
  void cleanModelPasses() throws IOException {
    Path file = TestModels.write(TestModels.relu(), dir.resolve("relu.onnx"));

    Cli.Result r = Cli.run("lint", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).isEqualTo(file + ": ok\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void warningsAloneDoNotFail() throws IOException {
    Path file = TestModels.write(TestModels.weighted(), dir.resolve("weighted.onnx"));

    Cli.Result r = Cli.run("lint", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains(file + ": 0 errors, 1 warning")
        .contains("warning [unknown-custom-op] graph 'weighted' > Custom producing 'y': com.example.Custom has no schema");
  }

  @Test
  void errorsFailWithStatusOne() throws IOException {
    Path bad = TestModels.write(broken(), dir.resolve("bad.onnx"));
    Path good = TestModels.write(TestModels.relu(), dir.resolve("good.onnx"));

    Cli.Result r = Cli.run("lint", bad.toString(), good.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).isEqualTo(bad + ": 1 error, 0 warnings\n"
        + "  error   [input-count] graph 'main' > Relu 'Relu': has 2 inputs; Relu-14 takes 1\n"
        + good + ": ok\n");
  }

  @Test
  void unreadableModelIsStatusThree() throws IOException {
    Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5});
    Path bad = TestModels.write(broken(), dir.resolve("bad.onnx"));

    Cli.Result r = Cli.run("lint", bad.toString(), junk.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).startsWith("error: ");
    assertThat(r.out()).contains("[input-count]");
  }

  @Test
  void jsonHasOneObjectPerModel() throws IOException {
    Path bad = TestModels.write(broken(), dir.resolve("bad.onnx"));
    Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3});

    Cli.Result r = Cli.run("lint", "--json", bad.toString(), junk.toString());

    List<Object> models = array(JsonOutput.parse(r.out()));
    assertThat(models).hasSize(2);
    Map<String, Object> first = object(models.get(0));
    assertThat(first).containsEntry("model", bad.toString()).containsEntry("errors", 1L).containsEntry("warnings", 0L);
    Map<String, Object> finding = object(array(first.get("findings")).get(0));
    assertThat(finding)
        .containsEntry("severity", "error")
        .containsEntry("rule", "input-count")
        .containsEntry("location", "graph 'main'")
        .containsEntry("node", "Relu 'Relu'")
        .containsEntry("message", "has 2 inputs; Relu-14 takes 1");
    assertThat(object(models.get(1))).containsEntry("model", junk.toString()).containsEntry("exitCode", 3L);
  }

  @Test
  void listedInHelp() {
    assertThat(Cli.run("--help").out()).contains("lint");
  }
}
