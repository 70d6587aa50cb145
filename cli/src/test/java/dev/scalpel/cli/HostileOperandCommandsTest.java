package dev.scalpel.cli;

import static dev.scalpel.cli.HostileInputCommandsTest.assertOneErrorLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "Crashes and internal errors": constant operands of the wrong element type or length
 * (a float {@code sizes}, a {@code roi} of the wrong length, a float8 Dropout ratio) reaching the
 * surgeries and converters that read them. Each was an internal error (exit 70); each now gets a
 * named exit status and one line naming the node, or is handled as the valid model it is.
 */
class HostileOperandCommandsTest {
  @TempDir
  Path dir;

  /** x: float[1,1,3,4] -> Resize-13 'up' (mode nearest) with the given scales and sizes inputs. */
  private Path resize13(Tensor scales, Tensor sizes) throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 4));
    Value s = scales == null ? null : b.constant(scales);
    Value z = sizes == null ? null : b.constant(sizes);
    Node n = b.node("Resize", Arrays.asList(x, null, s, z), 1, Attribute.of("mode", "nearest"));
    n.setName("up");
    b.output(n.output(0));
    return TestModels.write(b.model(), dir.resolve("resize13.onnx"));
  }

  /** x: float[1,1,3,4] -> Resize-18 'up' over axes [2, 3] with the given roi and scales [2, 2]. */
  private Path resize18(Tensor roi) throws IOException {
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 4));
    Value r = b.constant(roi);
    Value s = b.constant(DenseTensor.ofFloats("scales", new long[] {2}, 2f, 2f));
    Node n = b.node("Resize", Arrays.asList(x, r, s), 1, Attribute.of("mode", "nearest"), Attribute.ofInts("axes", 2, 3));
    n.setName("up");
    b.output(n.output(0));
    return TestModels.write(b.model(), dir.resolve("resize18.onnx"));
  }

  private Cli.Result parameterizeResize(Path in) {
    return Cli.run("parameterize-resize", in.toString(), "-o", dir.resolve("out.onnx").toString());
  }

  @Test
  void parameterizeResizeRefusesFloatSizesAsAnInvalidModel() throws IOException {
    // Before: "internal error: UnsupportedOperationException: toLongArray on FLOAT", exit 70.
    Path in = resize13(null, DenseTensor.ofFloats("sizes", new long[] {4}, 1f, 1f, 6f, 8f));
    Cli.Result r = parameterizeResize(in);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertOneErrorLine("parameterize-resize", r);
    assertThat(r.err()).contains("Resize 'up'", "sizes input 'sizes' is float; Resize takes int64 sizes");
    assertThat(dir.resolve("out.onnx")).doesNotExist();
  }

  @Test
  void parameterizeResizeRefusesSizesOfTheWrongLengthAsAnInvalidModel() throws IOException {
    // Before: an IndexOutOfBoundsException reading dim 4 of a rank-4 X, exit 70.
    Path in = resize13(null, DenseTensor.ofLongs("sizes", new long[] {5}, 1, 1, 6, 8, 2));
    Cli.Result r = parameterizeResize(in);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertOneErrorLine("parameterize-resize", r);
    assertThat(r.err()).contains("Resize 'up'", "sizes input 'sizes' has 5 elements for 4 dims of X");
  }

  @Test
  void parameterizeResizeRefusesARoiOfTheWrongLengthAsAnInvalidModel() throws IOException {
    // Before: an ArrayIndexOutOfBoundsException widening the roi, exit 70.
    Path in = resize18(DenseTensor.ofFloats("roi", new long[] {3}, 0f, 0f, 1f));
    Cli.Result r = parameterizeResize(in);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertOneErrorLine("parameterize-resize", r);
    assertThat(r.err()).contains("Resize 'up'", "roi 'roi' has 3 elements for 2 axes; Resize takes two per axis");
  }

  @Test
  void parameterizeResizeDeclinesAFloat16RoiWithOneLine() throws IOException {
    // A float16 roi is valid ONNX; widening it is not supported. Before: "toFloatArray on FLOAT16", exit 70.
    ByteBuffer halfs = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    halfs.putShort((short) 0).putShort((short) 0).putShort((short) 0x3c00).putShort((short) 0x3c00).flip();
    Path in = resize18(DenseTensor.wrap("roi", DataType.FLOAT16, new long[] {4}, halfs));
    Cli.Result r = parameterizeResize(in);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines().findFirst().orElseThrow()).startsWith("error: ").doesNotContain("internal error")
        .contains("Resize 'up' has axes and a float16 roi; only a float32 roi can be widened to every axis");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void fp16ConversionCountsFloatReductionAxesAsUnknown() throws IOException {
    // ReduceSum-13 whose axes input is a float constant (the schema says int64). Before: "toLongArray
    // on FLOAT", exit 70, while planning which nodes stay float32.
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 6));
    Node n = b.node("ReduceSum", Arrays.asList(x, b.constant(DenseTensor.ofFloats("axes", new long[] {1}, 1f))), 1);
    n.setName("sum");
    b.output(n.output(0));
    Path in = TestModels.write(b.model(), dir.resolve("reduce.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result unchecked = Cli.run("convert", in.toString(), "-o", out.toString(), "--dtype", "fp16", "--no-validate",
        "--no-overflow-scan");
    assertThat(unchecked.exitCode()).as(unchecked.err()).isEqualTo(ExitCodes.OK);
    assertThat(unchecked.out()).contains("kept ReduceSum 'sum'", "reduces an unknown number of elements");

    // Checked, ONNX Runtime refuses the original model: exit 3, one line.
    Cli.Result checked = Cli.run("convert", in.toString(), "-o", dir.resolve("checked.onnx").toString(), "--dtype",
        "fp16", "--no-overflow-scan");
    assertThat(checked.exitCode()).as(checked.err()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertOneErrorLine("convert", checked);
  }

  @Test
  void fp16ConversionCountsAReductionOverflowingALongAsUnknown() throws IOException {
    // ReduceSum-13 over every axis of x: float[4, 2^62]. Before: ArithmeticException (long overflow)
    // counting the reduced elements, exit 70.
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4, 1L << 62));
    Node n = b.node("ReduceSum", Arrays.asList(x), 1);
    n.setName("sum");
    b.output(n.output(0));
    Path in = TestModels.write(b.model(), dir.resolve("reduce.onnx"));
    Cli.Result r = Cli.run("convert", in.toString(), "-o", dir.resolve("out.onnx").toString(), "--dtype", "fp16",
        "--no-validate", "--no-overflow-scan");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("kept ReduceSum 'sum'", "reduces an unknown number of elements");
  }

  /** x: float[2,6] -> Dropout-{opset} 'drop' with the given ratio and training_mode (null: absent). */
  private Path dropout(long opset, Tensor ratio, Tensor trainingMode) throws IOException {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 6));
    Value r = b.constant(ratio);
    Node n = b.node("Dropout", trainingMode == null ? Arrays.asList(x, r) : Arrays.asList(x, r, b.constant(trainingMode)), 1);
    n.setName("drop");
    b.output(n.output(0));
    return TestModels.write(b.model(), dir.resolve("dropout.onnx"));
  }

  @Test
  void opsetDowngradeReadsAFloat8OrBfloat16DropoutRatio() throws IOException {
    // Dropout-22 allows float8 and bfloat16 ratios. Before: an IndexOutOfBoundsException reading the
    // one-byte float8 ratio as a double, exit 70.
    // 0x30 in float8e4m3fn: exponent 0110 (bias 7), mantissa 000: 2^-1 = 0.5.
    Tensor e4m3 = DenseTensor.wrap("ratio", DataType.FLOAT8E4M3FN, new long[] {}, ByteBuffer.wrap(new byte[] {0x30}));
    // 0x3e80 in bfloat16: exponent 0x7d (bias 127), mantissa 0: 2^-2 = 0.25.
    Tensor bf16 = DenseTensor.wrap("ratio", DataType.BFLOAT16, new long[] {}, ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x3e}));
    for (Object[] c : new Object[][] {{e4m3, 0.5f}, {bf16, 0.25f}}) {
      Path in = dropout(22, (Tensor) c[0], null);
      Path out = dir.resolve("out.onnx");
      Cli.Result r = Cli.run("convert", in.toString(), "-o", out.toString(), "--opset", "11", "--no-validate");
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
      Node drop = OnnxReader.read(out).graph().node("drop");
      assertThat(drop.inputs()).hasSize(1);
      assertThat(drop.attribute("ratio").orElseThrow().asFloat()).isEqualTo((float) c[1]);
    }
  }

  @Test
  void opsetDowngradeRefusesAnEmptyTrainingModeWithOneLine() throws IOException {
    // training_mode must be one bool. Before: an IndexOutOfBoundsException reading element 0, exit 70.
    Path in = dropout(13, DenseTensor.ofFloats("ratio", new long[] {}, 0.5f),
        DenseTensor.wrap("training_mode", DataType.BOOL, new long[] {0}, ByteBuffer.allocate(0)));
    Cli.Result r = Cli.run("convert", in.toString(), "-o", dir.resolve("out.onnx").toString(), "--opset", "11");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines().findFirst().orElseThrow()).startsWith("error: ").doesNotContain("internal error")
        .contains("Dropout 'drop' cannot cross opset 12", "training_mode is not a constant false");
  }
}
