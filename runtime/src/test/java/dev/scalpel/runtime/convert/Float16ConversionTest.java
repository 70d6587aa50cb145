package dev.scalpel.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.passes.convert.ConversionException;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.passes.fold.IfModels;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.RunOutcome;
import dev.scalpel.runtime.ValueRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Float16Converter} through {@link CheckedConversion}: what it changes, checked in ONNX Runtime. */
class Float16ConversionTest {
  @TempDir
  Path dir;

  private static final Float16Converter.Options FP16 = Float16Converter.Options.of(DataType.FLOAT16);

  /** y = Relu(Conv(x, w, b)) + 0.5, x FLOAT [1, 3, 8, 8], weights with a fixed pattern. */
  static Model convRelu() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3, 8, 8));
    float[] w = new float[4 * 3 * 3 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i * 0.7) * 0.3f;
    }
    Value conv = b.op("Conv", List.of(x, b.initializer("w", DenseTensor.ofFloats("w", new long[] {4, 3, 3, 3}, w)),
        b.initializer("b", DenseTensor.ofFloats("b", new long[] {4}, 0.1f, -0.2f, 0.3f, 0f))),
        Attribute.ofInts("pads", 1, 1, 1, 1));
    Value y = b.op("Add", b.op("Relu", conv), b.constant(DenseTensor.ofFloats("half", new long[0], 0.5f)));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** Converts without measuring magnitudes first (so an overflow reaches the check). */
  private static CheckedEdit.Outcome<Float16Converter.Result> convert(Model m, Float16Converter.Options o, CheckOptions c)
      throws IOException {
    return CheckedConversion.float16(ModelSource.of(m), o, c, false).run();
  }

  private static long count(Model m, String op) {
    return m.graph().allNodes().stream().filter(n -> n.opType().equals(op)).count();
  }

  private static double worstRel(CheckedEdit.Outcome<?> o) {
    return o.check().orElseThrow().outputs().stream().flatMap(v -> v.outcomes().stream())
        .filter(r -> r instanceof RunOutcome.Compared).mapToDouble(r -> ((RunOutcome.Compared) r).diff().maxRelError())
        .max().orElseThrow();
  }

  @Test
  void aConvNetBecomesFloat16EndToEndWithNoCast() throws IOException {
    var o = convert(convRelu(), FP16, CheckOptions.defaults());

    assertThat(o.passed()).as(o.check().toString()).isTrue();
    Model m = o.model();
    assertThat(m.graph().inputs().get(0).dataType()).contains(DataType.FLOAT16);
    assertThat(m.graph().outputs().get(0).dataType()).contains(DataType.FLOAT16);
    assertThat(m.graph().outputs().get(0).name()).isEqualTo("y");
    assertThat(m.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType()).isEqualTo(DataType.FLOAT16);
    assertThat(count(m, "Cast")).isZero();
    assertThat(o.result().kept()).isEmpty();
    assertThat(o.result().weightBytesAfter() * 2).isEqualTo(o.result().weightBytesBefore());
    assertThat(worstRel(o)).isGreaterThan(0).isLessThan(1e-2);
  }

  /**
   * y = x + 1000 in float16 rounds y to float16's spacing at 1000 (0.5), an error of up to 0.25
   * against the float32 sum (exact for x in float16). The check compares the float16 output, widened,
   * with the float32 output: once it compared with the float32 output rounded to float16, and the
   * same rounding on both sides made the error exactly 0.
   */
  @Test
  void theCheckComparesHalfOutputsWithTheUnroundedFloat32Outputs() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(64));
    Value y = b.op("Add", x, b.constant(DenseTensor.ofFloats("thousand", new long[0], 1000f)));
    y.setName("y");
    b.output(y);

    var o = convert(b.model(), FP16, CheckOptions.defaults());

    assertThat(o.passed()).isTrue();
    double worstAbs = o.check().orElseThrow().outputs().get(0).outcomes().stream()
        .mapToDouble(r -> ((RunOutcome.Compared) r).diff().maxAbsError()).max().orElseThrow();
    assertThat(worstAbs).isGreaterThan(0).isLessThanOrEqualTo(0.25);
    assertThat(o.model().graph().outputs().get(0).dataType()).contains(DataType.FLOAT16);
  }

  @Test
  void keepIoTypesCastsOnceAfterTheInputAndBeforeTheOutputKeepingNames() throws IOException {
    var o = convert(convRelu(), FP16.withKeepIoTypes(true), CheckOptions.defaults());

    assertThat(o.passed()).isTrue();
    Model m = o.model();
    assertThat(m.graph().inputs().get(0).dataType()).contains(DataType.FLOAT);
    Value y = m.graph().outputs().get(0);
    assertThat(y.name()).isEqualTo("y");
    assertThat(y.dataType()).contains(DataType.FLOAT);
    assertThat(y.producer().opType()).isEqualTo("Cast");
    assertThat(count(m, "Cast")).isEqualTo(2);
    assertThat(m.graph().inputs().get(0).consumers()).singleElement().extracting(Node::opType).isEqualTo("Cast");
  }

  @Test
  void aBlockedOpGetsOneCastPerValueSharedByItsReaders() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 8));
    Value t = b.op("Tanh", x);
    Value r1 = b.op("Relu", t);
    Value r2 = b.op("Relu", b.op("Neg", t));
    Value y = b.op("Add", r1, r2);
    y.setName("y");
    b.output(y);

    var o = convert(b.model(), FP16.withBlockedOps(Set.of("Relu")), CheckOptions.defaults());

    assertThat(o.passed()).isTrue();
    Model m = o.model();
    // Tanh's output is half; the first Relu reads it through a Cast to float, Neg (converted) reads
    // it directly; Neg's output reaches the second Relu through its own Cast; Add (converted) reads
    // both Relus through one Cast each. No Cast feeds a Cast.
    assertThat(count(m, "Cast")).isEqualTo(4);
    for (Node n : m.graph()) {
      if (n.opType().equals("Cast")) {
        assertThat(n.input(0).producer() == null || !n.input(0).producer().opType().equals("Cast")).isTrue();
      }
    }
    assertThat(o.result().kept()).extracting(Float16Converter.KeptNode::reason).containsOnly("blocked (--block-ops)");
  }

  /**
   * y = Transpose(x * 1000 * 1000) * 0.001 * 0.001: equal to x^T, but the Transpose's input
   * reaches 1e6, past float16's 65504.
   *
   * <p>NOTE: the Transpose is there because ONNX Runtime's CPU provider has no float16 Mul: it
   * computes a chain of such ops in float32 between Casts it inserts, so an overflow inside the
   * chain never shows. A Transpose runs in any type, so the value it reads is a float16 tensor.
   */
  static Model overflowingIntermediate() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4, 4));
    Value k = b.constant(DenseTensor.ofFloats("k", new long[0], 1000f));
    Value t = b.op("Transpose", b.op("Mul", b.op("Mul", x, k), k));
    Value m = b.constant(DenseTensor.ofFloats("m", new long[0], 0.001f));
    Value y = b.op("Mul", b.op("Mul", t, m), m);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void measuredMagnitudesKeepTheOverflowingValueInFloat32AndThenItPasses() throws IOException {
    var o = CheckedConversion.float16(ModelSource.of(overflowingIntermediate()), FP16, CheckOptions.defaults(), true).run();

    assertThat(o.passed()).as(o.check().toString()).isTrue();
    // x*1000 (at most 1000) converts; x*1e6 stays float32 with the Transpose and the Mul that read it.
    assertThat(o.result().kept()).extracting(Float16Converter.KeptNode::opType).containsExactly("Mul", "Transpose", "Mul");
    assertThat(o.result().kept().get(0).reason()).contains("reached");
    assertThat(worstRel(o)).isLessThan(1e-2);
  }

  @Test
  void blockingOnlyTheMulsDoesNotHelpTheTransposeBetweenThem() throws IOException {
    // Mul is kept, but its 1e6 output is narrowed for the converted Transpose: the check catches it
    // (infinities where the original has finite values) and nothing is written.
    Path out = dir.resolve("out.onnx");
    var o = CheckedConversion.float16(ModelSource.of(overflowingIntermediate()), FP16.withBlockedOps(Set.of("Mul")),
        CheckOptions.defaults(), false).writingTo(out, WriteOptions.defaults()).run();

    assertThat(o.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    assertThat(o.check().orElseThrow().output("y").orElseThrow().worst()).isInstanceOfSatisfying(RunOutcome.Compared.class,
        c -> assertThat(c.diff().nanInfMismatches()).isPositive());
    assertThat(out).doesNotExist();
  }

  /**
   * y = ReduceMean(Transpose(Pow(x, 2))) over 16 elements; x in [0, 300): x^2 reaches 90000. (The
   * Transpose makes ONNX Runtime hold the squares in float16, see {@link #overflowingIntermediate}.)
   */
  static Model squares() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 16));
    Value sq = b.op("Transpose", b.op("Pow", x, b.constant(DenseTensor.ofFloats("two", new long[0], 2f))));
    Value y = b.op("ReduceMean", List.of(sq), Attribute.ofInts("axes", 0));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void keptPowOverflowsWhenItsOutputIsNarrowedUnlessMagnitudesAreMeasured() throws IOException {
    CheckOptions big = CheckOptions.defaults().withFloatRange(new ValueRange(0, 300));

    var unmeasured = convert(squares(), FP16, big);
    var measured = CheckedConversion.float16(ModelSource.of(squares()), FP16, big, true).run();

    // Pow is kept by default, but its output (up to 90000) is narrowed for the Transpose.
    assertThat(unmeasured.result().kept()).extracting(Float16Converter.KeptNode::opType).containsExactly("Pow");
    assertThat(unmeasured.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    assertThat(measured.passed()).as(measured.check().toString()).isTrue();
    assertThat(measured.result().kept()).extracting(Float16Converter.KeptNode::opType)
        .containsExactly("Pow", "Transpose", "ReduceMean");
  }

  @Test
  void aLargeReductionStaysFloat32AndASmallOneConverts() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4, 4096));
    Value large = b.op("ReduceSum", x, b.constant(DenseTensor.vector("axes", 1)));
    Value small = b.op("ReduceSum", x, b.constant(DenseTensor.vector("axes0", 0)));
    large.setName("large");
    small.setName("small");
    b.output(large, small);
    Model m = b.model();

    Float16Converter.Result r = new Float16Converter(FP16).apply(m);

    assertThat(r.kept()).singleElement().satisfies(k -> assertThat(k.reason()).contains("reduces 4096 elements"));
    assertThat(m.graph().outputs().get(1).producer().opType()).isEqualTo("ReduceSum");
    assertThat(m.graph().outputs().get(1).dataType()).contains(DataType.FLOAT16);
  }

  @Test
  void shapeArithmeticInFloatIsLeftAlone() throws IOException {
    // y = Resize(x) to sizes computed as Cast(int64, Cast(float, Shape(x)) * [1, 1, 1.5, 1.5])
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 4, 4));
    Value shapeF = b.op("Cast", List.of(b.op("Shape", x)), Attribute.of("to", (long) DataType.FLOAT.code()));
    Value scaled = b.op("Mul", shapeF, b.constant(DenseTensor.ofFloats("f", new long[] {4}, 1f, 1f, 1.5f, 1.5f)));
    Value sizes = b.op("Cast", List.of(b.op("Floor", scaled)), Attribute.of("to", (long) DataType.INT64.code()));
    Value y = b.op("Resize", List.of(x, b.constant(DenseTensor.ofFloats("roi", new long[] {0})), b.constant(
        DenseTensor.ofFloats("scales", new long[] {0})), sizes), Attribute.of("mode", "nearest"));
    y.setName("y");
    b.output(y);

    var o = convert(b.model(), FP16, CheckOptions.defaults());

    assertThat(o.passed()).as(o.check().toString()).isTrue();
    assertThat(o.result().kept()).extracting(Float16Converter.KeptNode::opType).containsExactly("Cast", "Mul", "Floor", "Cast");
    assertThat(o.model().graph().outputs().get(0).dataType()).contains(DataType.FLOAT16);
  }

  @Test
  void qdqNodesAndTheirQuantizedOpStayFloat32WithTheirScales() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 4, 4));
    Value pre = b.op("Relu", x);
    Value scale = b.constant(DenseTensor.ofFloats("s", new long[0], 0.02f));
    Value zp = b.constant(DenseTensor.wrap("zp", DataType.UINT8, new long[0], ByteBuffer.wrap(new byte[] {0})));
    Value xdq = b.op("DequantizeLinear", b.op("QuantizeLinear", pre, scale, zp), scale, zp);
    byte[] w = new byte[3 * 2 * 1 * 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = (byte) (i * 7 - 20);
    }
    Value wq = b.initializer("wq", DenseTensor.wrap("wq", DataType.INT8, new long[] {3, 2, 1, 1}, ByteBuffer.wrap(w)));
    Value wdq = b.op("DequantizeLinear", wq, b.constant(DenseTensor.ofFloats("ws", new long[0], 0.01f)),
        b.constant(DenseTensor.wrap("wzp", DataType.INT8, new long[0], ByteBuffer.wrap(new byte[] {0}))));
    Value y = b.op("Sigmoid", b.op("Conv", xdq, wdq));
    y.setName("y");
    b.output(y);

    var o = convert(b.model(), FP16, CheckOptions.defaults());

    assertThat(o.passed()).as(o.check().toString()).isTrue();
    assertThat(o.result().kept()).extracting(Float16Converter.KeptNode::opType)
        .containsExactly("QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv");
    Model m = o.model();
    for (Node n : m.graph()) {
      if (n.opType().equals("DequantizeLinear") || n.opType().equals("QuantizeLinear")) {
        assertThat(n.input(1).dataType()).contains(DataType.FLOAT);
      }
    }
    // Relu and Sigmoid compute in half; the Conv between the Q/DQ reads float32.
    assertThat(m.graph().outputs().get(0).producer().opType()).isEqualTo("Sigmoid");
    assertThat(m.graph().outputs().get(0).producer().input(0).producer().opType()).isEqualTo("Cast");
  }

  @Test
  void ifBranchesConvertInsideWhileTheBoundaryStaysFloat32() throws IOException {
    Model nested = IfModels.nested(true, false);

    var o = convert(nested, FP16, CheckOptions.defaults());

    assertThat(o.passed()).as(o.check().toString()).isTrue();
    assertThat(o.result().kept()).extracting(Float16Converter.KeptNode::opType).containsOnly("If");
    Model m = o.model();
    for (var g : m.graph().allGraphs()) {
      if (g != m.graph()) {
        for (Value out : g.outputs()) {
          assertThat(out.dataType()).as(g.name()).contains(DataType.FLOAT);
        }
      }
    }
    assertThat(m.graph().allNodes().stream().filter(n -> n.opType().equals("Mul") || n.opType().equals("Sub"))
        .allMatch(n -> n.output(0).dataType().orElseThrow() == DataType.FLOAT16)).isTrue();
  }

  @Test
  void aCastToFloatOfAConvertedValueIsBypassed() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(3));
    Value c = b.op("Cast", List.of(b.op("Sigmoid", x)), Attribute.of("to", (long) DataType.FLOAT.code()));
    Value y = b.op("Neg", c);
    y.setName("y");
    b.output(y);

    var o = convert(b.model(), FP16, CheckOptions.defaults());

    assertThat(o.passed()).isTrue();
    assertThat(o.result().castsBypassed()).isEqualTo(1);
    assertThat(count(o.model(), "Cast")).isZero();
  }

  @Test
  void weightsStayLazyAndAreRoundedAndClampedWhenWritten() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4));
    float[] w = {1f / 3, 1e5f, -3.4e38f, 2.5e-8f};
    Value y = b.op("Add", x, b.initializer("w", DenseTensor.ofFloats("w", new long[] {4}, w)));
    y.setName("y");
    b.output(y);
    Path in = dir.resolve("in.onnx");
    OnnxWriter.write(b.model(), in, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL).withSizeThreshold(0));
    Model m = ModelSource.read(in).model();

    new Float16Converter(FP16).apply(m);
    Tensor converted = m.graph().initializer("w").orElseThrow().initializer().orElseThrow();
    assertThat(converted.getClass().getSimpleName()).isEqualTo("HalfTensor");
    Path out = dir.resolve("out.onnx");
    OnnxWriter.write(m, out, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL).withSizeThreshold(0));

    Tensor back = OnnxReader.read(out).graph().initializer("w").orElseThrow().initializer().orElseThrow();
    assertThat(back.dataType()).isEqualTo(DataType.FLOAT16);
    assertThat(back.isExternal()).isTrue();
    ByteBuffer d = back.data().order(ByteOrder.LITTLE_ENDIAN);
    // 1/3 -> 0x3555 (0.33325195), 1e5 -> 65504 (0x7bff), -3.4e38 -> -65504 (0xfbff), 2.5e-8 -> 0 (below half the
    // smallest subnormal, 2^-25 = 2.98e-8).
    assertThat(new short[] {d.getShort(0), d.getShort(2), d.getShort(4), d.getShort(6)})
        .containsExactly((short) 0x3555, (short) 0x7bff, (short) 0xfbff, (short) 0x0000);
    assertThat(HalfFloats.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
  }

  @Test
  void bfloat16IsRefusedBelowOpset13() {
    GraphBuilder b = GraphBuilder.create(12);
    b.output(b.op("Relu", b.input("x", DataType.FLOAT, Shape.of(2))));
    Model m = b.model();
    assertThatThrownBy(() -> new Float16Converter(Float16Converter.Options.of(DataType.BFLOAT16)).apply(m))
        .isInstanceOf(ConversionException.class).hasMessageContaining("opset 13");
  }

  @Test
  void bfloat16FollowsTheSchemasConvAt13StaysFloat32AndAt22Converts() {
    // ONNX Runtime's CPU provider has no bfloat16 Conv, so these models are checked against the
    // ONNX schemas (every node's types allowed at its opset), not run. Conv gained bfloat16 at 22.
    Model at13 = convRelu();
    new dev.scalpel.passes.convert.opset.OpsetConverter(13).apply(at13);
    Model at22 = convRelu();
    new dev.scalpel.passes.convert.opset.OpsetConverter(22).apply(at22);
    Float16Converter bf16 = new Float16Converter(Float16Converter.Options.of(DataType.BFLOAT16).withKeepIoTypes(true));

    Float16Converter.Result r13 = bf16.apply(at13);
    Float16Converter.Result r22 = bf16.apply(at22);

    assertThat(r13.kept()).singleElement().satisfies(k -> assertThat(k.reason()).isEqualTo("Conv-11 (opset 13) has no bfloat16 form"));
    assertThat(at13.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType()).isEqualTo(DataType.FLOAT);
    assertThat(r22.kept()).isEmpty();
    assertThat(at22.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType()).isEqualTo(DataType.BFLOAT16);
    for (Model m : List.of(at13, at22)) {
      assertThat(count(m, "Cast")).isEqualTo(2);
      assertThat(dev.scalpel.opset.lint.ModelLinter.standard().lint(m))
          .filteredOn(f -> f.severity() == dev.scalpel.graph.Finding.Severity.ERROR).isEmpty();
    }
  }
}
