package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.lint.trt.TrtReport;
import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.Timings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrtCommandTest {
  @TempDir
  Path dir;

  /** x: float[2,2] -> Det -> y: Det has no TensorRT importer. */
  private Path detModel() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 2));
    b.output(b.op("Det", x));
    return TestModels.write(b.model(), dir.resolve("det.onnx"));
  }

  /**
   * x: float[1,3,1,4] -> Squeeze(axes = Add(2, 0), computed) -> Gather(idx INT64) -> y. The
   * parser wants Squeeze's axes as an initializer; --fix folds the Add.
   */
  private Path foldableModel() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3, 1, 4));
    Value axes = b.op("Add", b.constant(DenseTensor.vector("a", 2)), b.constant(DenseTensor.vector("z", 0)));
    Value squeezed = b.op("Squeeze", x, axes);
    Value idx = b.constant(DenseTensor.vector("idx", 0, 2));
    b.output(b.op("Gather", List.of(squeezed, idx), Attribute.of("axis", 2L)));
    return TestModels.write(b.model(), dir.resolve("fold.onnx"));
  }

  private Path dynamicModel() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3), Dim.of("h"), Dim.of(8)));
    b.output(b.op("Relu", x));
    return TestModels.write(b.model(), dir.resolve("dyn.onnx"));
  }

  @Test
  void unsupportedOperatorMakesTheModelNotReady() throws IOException {
    Cli.Result r = Cli.run("trt", detModel().toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("error [trt-unsupported-op] Det").contains("fix: ").contains("NOT READY")
        .contains("TensorRT itself was not run");
  }

  @Test
  void jsonReportForCi() throws IOException {
    Cli.Result r = Cli.run("trt", detModel().toString(), "--json", "--trt-version", "8.6");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    Map<String, Object> o = JsonOutput.object(JsonOutput.parse(r.out()));
    assertThat(o.get("ready")).isEqualTo(false);
    assertThat(o.get("trtVersion")).isEqualTo("8.6");
    assertThat(((Number) o.get("exitCode")).intValue()).isEqualTo(1);
    assertThat(o.get("trtexec")).isEqualTo("trtexec --onnx=" + dir.resolve("det.onnx"));
    List<Map<String, Object>> findings = JsonOutput.array(o.get("findings")).stream().map(JsonOutput::object).toList();
    // NOTE: GraphBuilder writes IR 10, newer than 8.6's IR 8, so an IR warning comes first.
    assertThat(findings).extracting(f -> f.get("rule")).containsExactly("trt-ir-version", "trt-unsupported-op");
    Map<String, Object> first = findings.get(1);
    assertThat(first.get("severity")).isEqualTo("error");
    assertThat((String) first.get("hint")).isNotBlank();
    assertThat(o.get("fix")).isNull();
  }

  @Test
  void fixFoldsComputedAxesNarrowsInt64AndWritesAValidatedModel() throws IOException {
    Path in = foldableModel();
    Cli.Result before = Cli.run("trt", in.toString(), "--trt-version", "8.6");
    assertThat(before.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(before.out()).contains("[trt-constant-input] Squeeze");

    Path out = dir.resolve("fixed.onnx");
    Cli.Result r = Cli.run("trt", in.toString(), "--trt-version", "8.6", "--fix", "-o", out.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("vs original in ONNX Runtime: equal").contains("wrote " + out).contains("READY");
    Model m = OnnxReader.read(out);
    Node squeeze = m.graph().nodes().stream().filter(n -> n.opType().equals("Squeeze")).findFirst().orElseThrow();
    assertThat(squeeze.input(1).isInitializer()).isTrue();
    Node gather = m.graph().nodes().stream().filter(n -> n.opType().equals("Gather")).findFirst().orElseThrow();
    assertThat(gather.input(1).initializer().orElseThrow().dataType()).isEqualTo(DataType.INT32);
  }

  @Test
  void profilesGiveTheTrtexecLineAndMissingRangesAreReported() throws IOException {
    Path in = dynamicModel();
    Cli.Result full = Cli.run("trt", in.toString(), "--profile", "batch=1:8:32", "--profile", "h=16:64:128");
    assertThat(full.exitCode()).as(full.err()).isEqualTo(ExitCodes.OK);
    assertThat(full.out()).contains("build: trtexec --onnx=" + in + " --minShapes=x:1x3x16x8 --optShapes=x:8x3x64x8"
        + " --maxShapes=x:32x3x128x8");

    Cli.Result partial = Cli.run("trt", in.toString(), "--profile", "batch=1:8:32");
    assertThat(partial.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(partial.out()).contains("warning [trt-profile]").contains("'h'").doesNotContain("build:");
  }

  @Test
  void usageErrors() throws IOException {
    Path in = dynamicModel();
    assertThat(Cli.run("trt", in.toString(), "--fix").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("trt", in.toString(), "--trt-version", "7").err()).contains("known: 8.6, 10");
    Cli.Result unknown = Cli.run("trt", in.toString(), "--profile", "seq=1:2:3");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no input has a dynamic dim named 'seq'").contains("batch, h");
    assertThat(Cli.run("trt", in.toString(), "--profile", "batch=9:1:3").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void fixHonoursTheCheckOptionsAndLeavesNoStaging() throws IOException {
    Path in = foldableModel();
    Path out = dir.resolve("fixed.onnx");
    Cli.Result bad = Cli.run("trt", in.toString(), "--fix", "-o", out.toString(), "--rtol", "NaN");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--atol and --rtol must be finite and non-negative");
    assertThat(out).doesNotExist();

    Cli.Result r = Cli.run("trt", in.toString(), "--fix", "-o", out.toString(), "--atol", "0", "--rtol", "0", "--seed", "7");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
    }
  }

  @Test
  void aFixThatChangesOutputsExitsWithFour() {
    EquivalenceReport different = new EquivalenceReport(List.of(), List.of(), List.of(),
        new Timings(0, 0, List.of(), List.of()), false);
    TrtOutcome o = new TrtOutcome("m.onnx", new TrtReport(TrtVersion.V10, List.of()),
        new TrtexecPlan(null, List.of()), List.of(), different, null);
    assertThat(o.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
  }
}
