package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scalpel convert --dtype} and {@code --opset}: exit codes, text, JSON, what is written. */
class ConvertPrecisionOpsetCommandTest {
  @TempDir
  Path dir;

  /** y = Softmax(Relu(x) * w, axis=1) at opset 12, x [2, 3, 4]. */
  private Path model() throws IOException {
    GraphBuilder b = GraphBuilder.create(12);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3, 4));
    float[] w = new float[12];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.1f * i - 0.5f;
    }
    Value m = b.op("Mul", b.op("Relu", x), b.initializer("w", DenseTensor.ofFloats("w", new long[] {3, 4}, w)));
    Value y = b.op("Softmax", List.of(m), Attribute.of("axis", 1L));
    y.setName("y");
    b.output(y);
    return TestModels.write(b.model(), dir.resolve("in.onnx"));
  }

  @Test
  void fp16WritesAHalfModelListsWhatItKeptAndChecksIt() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", model().toString(), "-o", out.toString(), "--dtype", "fp16");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("float32 -> float16, 2 node(s) converted, 1 kept in float32")
        .contains("kept Softmax").contains("EQUIVALENT").contains("wrote " + out);
    Model m = OnnxReader.read(out);
    assertThat(m.graph().inputs().get(0).dataType()).contains(DataType.FLOAT16);
    assertThat(m.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType()).isEqualTo(DataType.FLOAT16);
  }

  @Test
  void opsetUpAndTheJsonReport() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", model().toString(), "-o", out.toString(), "--opset", "17", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> o = JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0));
    assertThat(o).containsEntry("written", true).containsEntry("exitCode", 0L).containsEntry("dtype", null);
    Map<String, Object> opset = JsonOutput.object(o.get("opset"));
    assertThat(opset).containsEntry("from", 12L).containsEntry("to", 17L);
    assertThat(JsonOutput.array(opset.get("changes"))).singleElement().asString().contains("Softmax");
    assertThat(JsonOutput.object(o.get("validation"))).containsEntry("equivalent", true);
    assertThat(OnnxReader.read(out).opsetImports().defaultVersion()).hasValue(17);
  }

  @Test
  void anImpossibleConversionIsAOneLineUsageErrorNamingTheOp() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4));
    Value axes = b.input("axes", DataType.INT64, Shape.of(1));
    b.output(b.op("Squeeze", x, axes));
    Path in = TestModels.write(b.model(), dir.resolve("sq.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", in.toString(), "-o", out.toString(), "--opset", "12");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: ").contains("Squeeze").contains("opset 13");
    assertThat(r.err().lines().filter(l -> l.startsWith("error")).count()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  @Test
  void anOverflowTheCheckSeesIsExit4AndNothingIsWritten() throws IOException {
    // x * 1000 * 1000 → Transpose → * 1e-3 * 1e-3, with Mul blocked: the 1e6 is narrowed for the
    // Transpose and becomes infinity; without the overflow scan nothing keeps it in float32.
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4, 4));
    Value k = b.constant(DenseTensor.ofFloats("k", new long[0], 1000f));
    Value t = b.op("Transpose", b.op("Mul", b.op("Mul", x, k), k));
    Value s = b.constant(DenseTensor.ofFloats("s", new long[0], 0.001f));
    Value y = b.op("Mul", b.op("Mul", t, s), s);
    y.setName("y");
    b.output(y);
    Path in = TestModels.write(b.model(), dir.resolve("big.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result unscanned = Cli.run("convert", in.toString(), "-o", out.toString(), "--dtype", "fp16",
        "--block-ops", "Mul", "--no-overflow-scan");
    assertThat(unscanned.exitCode()).as(unscanned.out()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(out).doesNotExist();

    Cli.Result scanned = Cli.run("convert", in.toString(), "-o", out.toString(), "--dtype", "fp16", "--block-ops", "Mul");
    assertThat(scanned.exitCode()).as(scanned.out()).isEqualTo(ExitCodes.OK);
    assertThat(scanned.out()).contains("kept Transpose").contains("reached");
  }

  @Test
  void precisionOptionsWithoutDtypeAreUsageErrors() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", model().toString(), "-o", out.toString(), "--keep-io-types");
    Cli.Result bad = Cli.run("convert", model().toString(), "-o", out.toString(), "--dtype", "fp8");
    Cli.Result old = Cli.run("convert", model().toString(), "-o", out.toString(), "--opset", "9");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("'fp8' is not fp16 or bf16");
    assertThat(old.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(old.err()).contains("opset 9 is outside");
    assertThat(out).doesNotExist();
  }

  @Test
  void bf16IsCheckedAsItsFloat32EmulationAndWritten() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", model().toString(), "-o", out.toString(), "--opset", "13", "--dtype", "bf16");
    Cli.Result json = Cli.run("convert", model().toString(), "-o", dir.resolve("j.onnx").toString(), "--opset", "13",
        "--dtype", "bf16", "--json");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("float32 -> bfloat16")
        .contains("checked against the original (bfloat16 emulated: each op computed in float32, its bfloat16 results "
            + "rounded to bfloat16) in ONNX Runtime: EQUIVALENT").contains("wrote " + out);
    Model m = OnnxReader.read(out);
    assertThat(m.graph().inputs().get(0).dataType()).contains(DataType.BFLOAT16);
    assertThat(m.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType()).isEqualTo(DataType.BFLOAT16);
    assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> o = JsonOutput.object(JsonOutput.array(JsonOutput.parse(json.out())).get(0));
    assertThat(JsonOutput.object(o.get("dtype"))).containsEntry("target", "bfloat16").containsEntry("checkEmulated", true);
    assertThat(JsonOutput.object(o.get("validation"))).containsEntry("equivalent", true);
  }

  /** y = (x + 256) - 256, x [1, 16]: in bfloat16, whose step at 256 is 2, x + 256 rounds to 256 and y to 0. */
  private Path offsetAndBack() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 16));
    Value c = b.initializer("c", DenseTensor.ofFloats("c", new long[0], 256f));
    Value y = b.op("Sub", b.op("Add", x, c), c);
    y.setName("y");
    b.output(y);
    return TestModels.write(b.model(), dir.resolve("offset.onnx"));
  }

  @Test
  void aBf16ConversionThatLosesTheValueIsExit4AndTheUsersToleranceIsHonoured() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", offsetAndBack().toString(), "-o", out.toString(), "--dtype", "bf16");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(r.out()).contains("bfloat16 emulated").contains("DIFFERENT");
    assertThat(out).doesNotExist();

    // inputs in [0, 1) all lose the whole of x (256 + x rounds to 256, ties to the even 256): an
    // absolute tolerance of 1 lets every element pass
    Cli.Result loose = Cli.run("convert", offsetAndBack().toString(), "-o", out.toString(), "--dtype", "bf16",
        "--atol", "1", "--rtol", "0");
    assertThat(loose.exitCode()).as(loose.out() + loose.err()).isEqualTo(ExitCodes.OK);
    assertThat(out).exists();
  }

  @Test
  void aBf16ModelThatCannotBeEmulatedIsACheckNotMadeExit1WithAHint() throws IOException {
    // a model-local function rounding to bfloat16 inside its body: bodies are not emulated
    GraphBuilder body = new GraphBuilder(new dev.scalpel.graph.Graph("RoundBf16"));
    Value a = body.input("a", DataType.FLOAT, Shape.of(1, 4));
    body.output(body.op("Cast", List.of(body.op("Cast", List.of(a), Attribute.of("to", (long) DataType.BFLOAT16.code()))),
        Attribute.of("to", (long) DataType.FLOAT.code())));
    dev.scalpel.graph.Function f = new dev.scalpel.graph.Function("local", "RoundBf16", body.graph());
    f.opsetImports().set("", 22);
    GraphBuilder b = GraphBuilder.create(22);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4));
    Value y = b.domain("local", 1).op("RoundBf16", b.op("Relu", x));
    y.setName("y");
    b.output(y);
    Model model = b.model();
    model.functions().add(f);
    Path in = TestModels.write(model, dir.resolve("fn.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", in.toString(), "-o", out.toString(), "--dtype", "bf16");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err()).startsWith("error: ").contains("function 'RoundBf16'").contains("--no-validate");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(out).doesNotExist();
    Cli.Result unchecked = Cli.run("convert", in.toString(), "-o", out.toString(), "--dtype", "bf16", "--no-validate");
    assertThat(unchecked.exitCode()).as(unchecked.err()).isEqualTo(ExitCodes.OK);
  }
}
