package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditShapesCommandTest {
  @TempDir
  Path dir;

  @Test
  void soundModelPassesAtThreePoints() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("relu.onnx"));

    Cli.Result r = Cli.run("audit-shapes", in.toString(), "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> model = JsonOutput.object(JsonOutput.array(JsonOutput.object(JsonOutput.parse(r.out()))
        .get("models")).get(0));
    assertThat(model.get("values")).isEqualTo(1L);
    assertThat(JsonOutput.array(model.get("points"))).hasSize(3);
    // Relu's [batch,3] at three batches: 2 dims each.
    assertThat(model.get("dimsChecked")).isEqualTo(6L);
    assertThat(JsonOutput.array(model.get("contradictions"))).isEmpty();
  }

  @Test
  void aWrongDeclaredDimIsAContradictionAndFailsTheCommand() throws IOException {
    Model model = TestModels.relu();
    model.graph().outputs().get(0).setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(5))));
    Path in = TestModels.write(model, dir.resolve("wrong.onnx"));

    Cli.Result r = Cli.run("audit-shapes", in.toString(), "--dims", "batch=4");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("1 points [{batch=4}]").contains("1 contradictions")
        .contains("contradiction: 'y' of Relu").contains("static 5 is 3");
  }

  @Test
  void badPointsIsAUsageError() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("relu.onnx"));
    Cli.Result r = Cli.run("audit-shapes", in.toString(), "--points", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--points");
  }
}
