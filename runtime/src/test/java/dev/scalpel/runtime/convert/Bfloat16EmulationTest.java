package dev.scalpel.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.passes.convert.opset.OpsetConverter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import dev.scalpel.runtime.RunOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Bfloat16Emulation} run in ONNX Runtime, and the bfloat16 check of {@link CheckedConversion}
 * built on it. Expected values are worked out by hand from bfloat16's format (8 significant bits:
 * the step between 1 and 2 is 2^-7 = 0.0078125), not read from the code's output.
 */
class Bfloat16EmulationTest {
  private static final Float16Converter.Options BF16 = Float16Converter.Options.of(DataType.BFLOAT16);

  /** y = Cast<float>(Add(Relu(Cast<bf16>(x)), 0)) over x FLOAT [n]: every op between the Casts is bfloat16. */
  private static Model bf16Chain(int n) {
    GraphBuilder b = GraphBuilder.create(22);
    Value x = b.input("x", DataType.FLOAT, Shape.of(n));
    Value h = b.op("Cast", List.of(x), Attribute.of("to", (long) DataType.BFLOAT16.code()));
    Value zero = b.initializer("zero", DenseTensor.wrap("zero", DataType.BFLOAT16, new long[0],
        ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN)));
    Value sum = b.op("Add", b.op("Relu", h), zero);
    Value y = b.op("Cast", List.of(sum), Attribute.of("to", (long) DataType.FLOAT.code()));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  private static float[] run(Model m, float... x) {
    try (OrtRunner r = OrtRunner.open(ModelSource.of(m), ModelRole.REWRITTEN)) {
      Tensor out = r.run(Map.of("x", DenseTensor.ofFloats("x", new long[] {x.length}, x))).outputs().get("y");
      return out.toFloatArray();
    }
  }

  @Test
  void onnxRuntimeRefusesTheBfloat16ModelButRunsItsEmulation() {
    Model bf16 = bf16Chain(1);
    // NOTE: the reason the emulation exists; if ONNX Runtime ever gains a CPU bfloat16 Relu, this
    // fails and the emulation can be compared with the real thing.
    assertThatThrownBy(() -> run(bf16, 1f)).isInstanceOf(ModelNotRunnableException.class).hasMessageContaining("Relu");

    assertThat(run(Bfloat16Emulation.of(bf16), 1f)).containsExactly(1f);
  }

  @Test
  void everyBfloat16ResultIsRoundedToNearestEven() {
    float step = 0x1p-7f; // bfloat16's spacing in [1, 2)
    float[] x = {
      1 + 0x1p-10f, // an eighth of a step: rounds down to 1
      1 + 3 * 0x1p-9f, // three quarters of a step: rounds up (truncation would give 1)
      1 + 0x1p-8f, // exactly half a step, 1 is even: stays 1
      1 + 3 * 0x1p-8f, // one and a half steps: the tie goes to the even 1 + 2 steps
      -3f, // Relu: 0
      Float.MAX_VALUE, // 0x7f7fffff: its low half rounds up past bfloat16's largest finite, 0x7f7f: +inf
    };

    float[] y = run(Bfloat16Emulation.of(bf16Chain(x.length)), x);

    assertThat(y).containsExactly(1f, 1 + step, 1f, 1 + 2 * step, 0f, Float.POSITIVE_INFINITY);
  }

  @Test
  void theEmulationTakesFloat32AndWidensWeightsExactly() {
    Model m = convRelu22();
    new Float16Converter(BF16).apply(m);
    Model emulation = Bfloat16Emulation.of(m);

    assertThat(m.graph().inputs().get(0).dataType()).contains(DataType.BFLOAT16);
    assertThat(emulation.graph().inputs().get(0).dataType()).contains(DataType.FLOAT);
    assertThat(emulation.graph().outputs().get(0).dataType()).contains(DataType.FLOAT);
    assertThat(emulation.graph().inputs().get(0).name()).isEqualTo("x");
    assertThat(emulation.graph().outputs().get(0).name()).isEqualTo("y");
    Tensor w16 = m.graph().initializer("w").orElseThrow().initializer().orElseThrow();
    Tensor w32 = emulation.graph().initializer("w").orElseThrow().initializer().orElseThrow();
    assertThat(w16.dataType()).isEqualTo(DataType.BFLOAT16);
    assertThat(w32.dataType()).isEqualTo(DataType.FLOAT);
    ByteBuffer narrow = w16.data().order(ByteOrder.LITTLE_ENDIAN);
    float[] wide = w32.toFloatArray();
    for (int i = 0; i < wide.length; i++) {
      // the float32 bits are the bfloat16 bits followed by 16 zero bits
      assertThat(Float.floatToRawIntBits(wide[i])).isEqualTo((narrow.getShort(i * 2) & 0xffff) << 16);
    }
    // bfloat16 is left only in the rounding Casts, each read by its widening Cast
    assertThat(emulation.graph().allNodes()).allSatisfy(n -> n.outputs().forEach(v -> {
      if (v.dataType().orElseThrow() == DataType.BFLOAT16) {
        assertThat(n.opType()).isEqualTo("Cast");
        assertThat(v.consumers()).singleElement().satisfies(c -> assertThat(c.intAttribute("to", -1)).isEqualTo(DataType.FLOAT.code()));
      }
    }));
    // the model given is untouched
    assertThat(m.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType()).isEqualTo(DataType.BFLOAT16);
    assertThat(Bfloat16Emulation.needed(m)).isTrue();
    assertThat(Bfloat16Emulation.needed(convRelu22())).isFalse();
  }

  /** {@link Float16ConversionTest#convRelu()} at opset 22, where Conv has a bfloat16 form. */
  private static Model convRelu22() {
    Model m = Float16ConversionTest.convRelu();
    new OpsetConverter(22).apply(m);
    return m;
  }

  @Test
  void aConvNetInBfloat16IsEquivalentWithinTheBfloat16Tolerance() throws IOException {
    var o = CheckedConversion.float16(ModelSource.of(convRelu22()), BF16, CheckOptions.defaults(), false).run();

    assertThat(o.passed()).as(String.valueOf(o.check())).isTrue();
    assertThat(o.model().graph().outputs().get(0).dataType()).contains(DataType.BFLOAT16);
    assertThat(o.result().kept()).isEmpty();
    // the check saw the rounding: an error of a bfloat16 step's order, not 0 and not float16's
    double rel = worstRel(o);
    assertThat(rel).isGreaterThan(1e-4).isLessThan(CheckedConversion.BFLOAT16.rtol());
  }

  @Test
  void theBfloat16ToleranceIsTheDefaultUnlessOneIsGiven() {
    CheckedConversion.Request bf16 = CheckedConversion.Request.precision(BF16);
    dev.scalpel.runtime.Tolerance mine = new dev.scalpel.runtime.Tolerance(1e-3, 0);

    assertThat(CheckedConversion.checkOptions(bf16, CheckOptions.defaults()).tolerance()).isEqualTo(CheckedConversion.BFLOAT16);
    assertThat(CheckedConversion.checkOptions(bf16, CheckOptions.defaults().withTolerance(mine)).tolerance()).isEqualTo(mine);
    assertThat(CheckedConversion.BFLOAT16).isEqualTo(new dev.scalpel.runtime.Tolerance(2e-2, 2e-2));
  }

  @Test
  void aBfloat16ModelWithACorruptedWeightIsDifferent() throws IOException {
    ModelSource source = ModelSource.of(convRelu22());
    CheckedEdit<Void> corrupt = CheckedEdit.<Void>of(source, copy -> {
      new Float16Converter(BF16).apply(copy);
      Value w = copy.graph().initializer("w").orElseThrow();
      ByteBuffer bits = ByteBuffer.allocate((int) w.initializer().orElseThrow().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      bits.put(w.initializer().orElseThrow().data().order(ByteOrder.LITTLE_ENDIAN));
      bits.rewind();
      bits.putShort(0, (short) 0x4000); // w[0,0,0,0] = 2.0 instead of 0
      w.setInitializer(DenseTensor.wrap("w", DataType.BFLOAT16, w.initializer().orElseThrow().dims(), bits));
      return null;
    }).checkedWith(CheckedConversion.checkOptions(CheckedConversion.Request.precision(BF16), CheckOptions.defaults()))
        .comparedWith(converted -> CheckedConversion.referenceFor(source, converted))
        .provedBy(CheckedConversion::proveHalf);

    var o = corrupt.run();

    assertThat(o.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
  }

  @Test
  void aConvertedModelWhoseTypesDoNotFitIsRefusedAlthoughItsEmulationWouldRun() {
    ModelSource source = ModelSource.of(convRelu22());
    // the weight back in float32 while Conv's input is bfloat16: Conv binds T to two types
    CheckedEdit<Void> mistyped = CheckedEdit.<Void>of(source, copy -> {
      new Float16Converter(BF16).apply(copy);
      Value w = copy.graph().initializer("w").orElseThrow();
      w.setInitializer(new WidenedTensor(w.initializer().orElseThrow()));
      w.setType(new ValueType.TensorType(DataType.FLOAT, Shape.of(4, 3, 3, 3)));
      return null;
    }).comparedWith(converted -> CheckedConversion.referenceFor(source, converted))
        .provedBy(CheckedConversion::proveHalf);

    assertThatThrownBy(mistyped::run).isInstanceOf(ModelNotRunnableException.class)
        .hasMessageContaining("rewritten").hasMessageNotContaining("Could not find an implementation");
  }

  @Test
  void aSumThatBfloat16CannotHoldIsDifferent() throws IOException {
    var o = CheckedConversion.float16(ModelSource.of(offsetAndBack()), BF16, CheckOptions.defaults(), false).run();

    assertThat(o.status()).as(String.valueOf(o.check())).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    assertThat(o.written()).isEmpty();
  }

  /**
   * y = (x + 256) - 256 over x FLOAT [1, 16] in [0, 1): exact in float32; in bfloat16 256 + x
   * rounds to 256 or 258 (the step at 256 is 2), so y is 0 or 2, an error of up to the whole of x.
   */
  static Model offsetAndBack() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 16));
    Value c = b.initializer("c", DenseTensor.ofFloats("c", new long[0], 256f));
    Value y = b.op("Sub", b.op("Add", x, c), c);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void ifBranchesAreEmulatedAndBfloat16InASequenceIsRefused() {
    GraphBuilder b = GraphBuilder.create(22);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1));
    Value cond = b.input("cond", DataType.BOOL, Shape.of(new long[0]));
    GraphBuilder then = b.subgraph("then");
    Value t = then.op("Cast", List.of(then.op("Relu", then.op("Cast", List.of(x),
        Attribute.of("to", (long) DataType.BFLOAT16.code())))), Attribute.of("to", (long) DataType.FLOAT.code()));
    then.output(t);
    GraphBuilder other = b.subgraph("else");
    other.output(other.op("Identity", x));
    Value y = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()), Attribute.of("else_branch", other.graph()));
    y.setName("y");
    b.output(y);
    Model m = b.model();

    Model emulation = Bfloat16Emulation.of(m);
    try (OrtRunner r = OrtRunner.open(ModelSource.of(emulation), ModelRole.REWRITTEN)) {
      Map<String, Tensor> in = Map.of("x", DenseTensor.ofFloats("x", new long[] {1}, 1 + 3 * 0x1p-9f),
          "cond", DenseTensor.wrap("cond", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {1})));
      assertThat(r.run(in).outputs().get("y").toFloatArray()).containsExactly(1 + 0x1p-7f);
    }
    assertThat(emulation.graph().allNodes()).noneMatch(n -> n.opType().equals("Relu")
        && n.outputs().get(0).dataType().orElseThrow() == DataType.BFLOAT16);

    m.graph().inputs().get(0).setType(new ValueType.SequenceType(
        new ValueType.TensorType(DataType.BFLOAT16, Shape.of(1)), null));
    assertThatThrownBy(() -> Bfloat16Emulation.of(m)).isInstanceOf(Bfloat16EmulationException.class)
        .hasMessageContaining("'x'").hasMessageContaining("cannot emulate");
  }

  @Test
  void aBfloat16ValueABranchCapturesIsRoundedBeforeTheBranchReadsIt() {
    // b = a * a in bfloat16 with a = 1 + 2^-7: exactly 1 + 2^-6 + 2^-14, which rounds to 1 + 2^-6
    GraphBuilder b = GraphBuilder.create(22);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1));
    Value cond = b.input("cond", DataType.BOOL, Shape.of(new long[0]));
    Value a = b.op("Cast", List.of(x), Attribute.of("to", (long) DataType.BFLOAT16.code()));
    Value sq = b.op("Mul", a, a);
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Cast", List.of(sq), Attribute.of("to", (long) DataType.FLOAT.code())));
    GraphBuilder other = b.subgraph("else");
    other.output(other.op("Identity", x));
    Value y = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()), Attribute.of("else_branch", other.graph()));
    y.setName("y");
    b.output(y);

    try (OrtRunner r = OrtRunner.open(ModelSource.of(Bfloat16Emulation.of(b.model())), ModelRole.REWRITTEN)) {
      Map<String, Tensor> in = Map.of("x", DenseTensor.ofFloats("x", new long[] {1}, 1 + 0x1p-7f),
          "cond", DenseTensor.wrap("cond", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {1})));
      assertThat(r.run(in).outputs().get("y").toFloatArray()).containsExactly(1 + 0x1p-6f);
    }
  }

  private static double worstRel(CheckedEdit.Outcome<?> o) {
    return o.check().orElseThrow().outputs().stream().flatMap(v -> v.outcomes().stream())
        .filter(r -> r instanceof RunOutcome.Compared).mapToDouble(r -> ((RunOutcome.Compared) r).diff().maxRelError())
        .max().orElseThrow();
  }
}
