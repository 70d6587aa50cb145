package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferShapesCommandTest {
  @TempDir
  Path dir;

  private static Value named(Model m, String name) {
    return m.graph().allNodes().stream().flatMap(n -> n.outputs().stream())
        .filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void writesEveryIntermediateWithItsSymbolicShape() throws IOException {
    Path in = TestModels.write(TestModels.withSubgraphs(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("infer-shapes", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("values typed").contains("wrote " + out);
    Model m = OnnxReader.read(out);
    assertThat(named(m, "t").type()).isEqualTo(ValueType.tensor(DataType.FLOAT, null));
    assertThat(m.graph().outputs().get(0).dataType()).contains(DataType.FLOAT);
  }

  @Test
  void strictModeFailsOnConflictsAndWritesNothing() throws IOException {
    Model model = TestModels.relu();
    // NOTE: Relu keeps its input's shape, so a declared [batch,5] contradicts [batch,3].
    model.graph().outputs().get(0).setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(5))));
    Path in = TestModels.write(model, dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result lenient = Cli.run("infer-shapes", in.toString(), "-o", out.toString());
    assertThat(lenient.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(lenient.out()).contains("[conflict]").contains("'y'").contains("Relu");
    Files.delete(out);

    Cli.Result strict = Cli.run("infer-shapes", in.toString(), "-o", out.toString(), "--strict");
    assertThat(strict.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(strict.out()).contains("not written");
    assertThat(out).doesNotExist();
  }

  @Test
  void manyModelsGoToAFolderAndOperatorsWithoutRulesAreListed() throws IOException {
    Path a = TestModels.write(TestModels.relu(), dir.resolve("a.onnx"));
    Path b = TestModels.write(TestModels.weighted(), dir.resolve("b.onnx"));
    Path outDir = dir.resolve("typed");

    Cli.Result r = Cli.run("infer-shapes", a.toString(), b.toString(), "-O", outDir.toString(), "--mkdirs");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(outDir.resolve("a.onnx")).isRegularFile();
    assertThat(outDir.resolve("b.onnx")).isRegularFile();
    assertThat(r.out()).contains("operators without a rule:").contains("com.example.Custom");
  }

  @Test
  void neverOverwritesTheInputWithoutForce() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));
    byte[] before = Files.readAllBytes(in);

    Cli.Result r = Cli.run("infer-shapes", in.toString(), "-o", in.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--force");
    assertThat(Files.readAllBytes(in)).isEqualTo(before);

    assertThat(Cli.run("infer-shapes", in.toString(), "-o", in.toString(), "--force").exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void usageErrorsWriteNothing() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));
    assertThat(Cli.run("infer-shapes", in.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("infer-shapes", in.toString(), in.toString(), "-o", "x.onnx").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("infer-shapes", dir.resolve("missing.onnx").toString(), "-o", dir.resolve("o.onnx").toString())
        .exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dir.resolve("o.onnx")).doesNotExist();
  }
}
