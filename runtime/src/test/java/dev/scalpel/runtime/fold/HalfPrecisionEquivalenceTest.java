package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.Tolerance;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.Simplifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Folded float16 against ONNX Runtime, and why the check's float16 default is wider than float32's.
 * y = x · c with x float16[2] in [0, 1) and c a constant computation on 2048, 1, 1 (see
 * HalfPrecisionFoldTest for the hand-checked values).
 */
class HalfPrecisionEquivalenceTest {
  private static DenseTensor half(String name, float v) {
    ByteBuffer b = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(HalfFloats.floatToHalf(v)).flip();
    return DenseTensor.wrap(name, DataType.FLOAT16, new long[0], b);
  }

  private static Model scaled(boolean variadicSum) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT16, Shape.of(new long[] {2}));
    Value big = b.constant(half("big", 2048f));
    Value one = b.constant(half("one", 1f));
    Value c = variadicSum ? b.op("Sum", big, one, one) : b.op("Add", b.op("Add", big, one), one);
    Value y = b.op("Mul", x, c);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  private static EquivalenceReport check(Model m, CheckOptions options) {
    return Simplifier.simplify(m, SimplifyOptions.defaults().withCheck(options)).report().validation().orElseThrow();
  }

  @Test
  void aFoldedFloat16SumEqualsOnnxRuntimeExactly() {
    EquivalenceReport r = check(scaled(true), CheckOptions.defaults().withTolerance(Tolerance.EXACT));
    assertThat(r.passed()).as(r.toString()).isTrue();
  }

  @Test
  void aFoldedChainRoundsPerNodeWhereOnnxRuntimeDoesNotAndTheFloat16DefaultAllowsIt() {
    // Scalpel folds Add(Add(2048, 1), 1) to 2048: each Add outputs float16 (2049 ties to 2048).
    // ONNX Runtime's CPU provider runs the float16 Adds in float32 through inserted Casts and gets
    // 2050: one float16 unit (2 at this magnitude, relative 2/2050 < 4 * 2^-10), and y = x * c,
    // rounded to float16 again, stays within a few units.
    EquivalenceReport exact = check(scaled(false), CheckOptions.defaults().withTolerance(Tolerance.EXACT));
    assertThat(exact.passed()).isFalse();
    assertThat(exact.toString()).contains("FAIL y");
    EquivalenceReport float32Default = check(scaled(false), CheckOptions.defaults().withTolerance(new Tolerance(1e-5, 1e-4)));
    assertThat(float32Default.passed()).as("float32's numbers, chosen explicitly, apply to float16 too").isFalse();
    EquivalenceReport byType = check(scaled(false), CheckOptions.defaults());
    assertThat(byType.passed()).as(byType.toString()).isTrue();
  }

  @Test
  void theDefaultDependsOnTheOutputTypeUnlessChosen() {
    CheckOptions defaults = CheckOptions.defaults();
    assertThat(defaults.toleranceFor("y", DataType.FLOAT)).isEqualTo(Tolerance.DEFAULT);
    assertThat(defaults.toleranceFor("y", DataType.FLOAT16)).isEqualTo(new Tolerance(1e-3, 4.0 / 1024));
    assertThat(defaults.toleranceFor("y", DataType.BFLOAT16)).isEqualTo(new Tolerance(1e-2, 4.0 / 128));
    Tolerance chosen = new Tolerance(0.5, 0.5);
    assertThat(defaults.withTolerance(chosen).toleranceFor("y", DataType.FLOAT16)).isEqualTo(chosen);
    assertThat(defaults.withOutputTolerance("y", chosen).toleranceFor("y", DataType.BFLOAT16)).isEqualTo(chosen);
  }
}
