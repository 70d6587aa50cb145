package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.tensor.DenseTensor;
import org.junit.jupiter.api.Test;

class TensorComparatorTest {
  private static final float NAN = Float.NaN;
  private static final float INF = Float.POSITIVE_INFINITY;

  @Test
  void nanAgainstNanAndInfAgainstSameInfAgree() {
    TensorDiff d = TensorComparator.compare(floats(NAN, 1, INF, -INF), floats(NAN, 1, INF, -INF), Tolerance.DEFAULT);
    assertThat(d.passed()).isTrue();
    assertThat(d.maxAbsError()).isZero();
  }

  @Test
  void nanAgainstANumberAndOppositeInfinitiesMismatch() {
    TensorDiff d = TensorComparator.compare(floats(NAN, 1, INF, 2), floats(0, 1, -INF, INF), Tolerance.DEFAULT);
    assertThat(d.passed()).isFalse();
    assertThat(d.nanInfMismatches()).isEqualTo(3);
    assertThat(d.mismatches()).isEqualTo(3);
    assertThat(d.maxAbsError()).isZero(); // only finite pairs count towards the error figures
  }

  @Test
  void allcloseRuleAndRelativeErrorToMagnitude() {
    Tolerance t = new Tolerance(1e-3, 1e-2);
    // |a-b| <= 1e-3 + 1e-2*|b|: 100.5 vs 100 is within (1.001), 0.01 vs 0 is not (1e-3).
    TensorDiff d = TensorComparator.compare(floats(100, 0), floats(100.5f, 0.01f), t);
    assertThat(d.mismatches()).isEqualTo(1);
    assertThat(d.maxAbsError()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.maxRelError()).isEqualTo(0.005, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.worstIndex()).isZero();
  }

  @Test
  void integersAreExactWhateverTheTolerance() {
    DenseTensor a = DenseTensor.ofLongs("a", new long[] {3}, 1, 2, Long.MAX_VALUE);
    DenseTensor b = DenseTensor.ofLongs("b", new long[] {3}, 1, 2, Long.MAX_VALUE - 1);
    TensorDiff d = TensorComparator.compare(a, b, new Tolerance(100, 100));
    assertThat(d.passed()).isFalse();
    assertThat(d.mismatches()).isEqualTo(1);
    assertThat(d.worstIndex()).isEqualTo(2);
  }

  @Test
  void shapeAndTypeDifferencesFail() {
    TensorDiff shape = TensorComparator.compare(floats(1, 2), DenseTensor.ofFloats("b", new long[] {2, 1}, 1, 2), Tolerance.DEFAULT);
    assertThat(shape.shapesMatch()).isFalse();
    assertThat(shape.passed()).isFalse();
    assertThat(shape.summary()).contains("shape");
    TensorDiff type = TensorComparator.compare(DenseTensor.ofInts("a", new long[] {2}, 1, 2),
        DenseTensor.ofLongs("b", new long[] {2}, 1, 2), Tolerance.DEFAULT);
    assertThat(type.typesMatch()).isFalse();
    assertThat(type.mismatches()).isZero();
    assertThat(type.passed()).isFalse();
  }

  @Test
  void tensorsReadFromAFileAreComparedFromTheStartOfTheirData() {
    // A tensor parsed from a file is a view into the file's bytes, sliced so that position 0 is its
    // first byte (Tensor.data's contract; a view of a heap array was once positioned at the tensor's
    // offset in the array, and absolute reads of element 0 read the file's first byte).
    DenseTensor expected = floats(1, 2, 3, 4);
    dev.scalpel.graph.Model model = new dev.scalpel.graph.Model(new dev.scalpel.graph.Graph("g"));
    model.graph().addInitializer("w", expected);
    dev.scalpel.graph.Tensor read = dev.scalpel.graph.io.OnnxReader
        .read(dev.scalpel.graph.io.OnnxWriter.toBytes(model)).graph().initializer("w").orElseThrow()
        .initializer().orElseThrow();
    assertThat(read.data().position()).isZero();
    assertThat(read.data().getFloat(0)).isEqualTo(1f);

    TensorDiff same = TensorComparator.compare(expected, read, new Tolerance(0, 0));
    TensorDiff other = TensorComparator.compare(floats(1, 2, 3, 5), read, new Tolerance(0, 0));

    assertThat(same.passed()).as(same.summary()).isTrue();
    assertThat(other.mismatches()).isEqualTo(1);
  }

  private static DenseTensor floats(float... v) {
    return DenseTensor.ofFloats("t", new long[] {v.length}, v);
  }

  /** Float8 and packed 4-bit elements are compared by value: 0x38 is 1.0 in e4m3fn, 0x40 is 2.0. */
  @Test
  void comparesFloat8AndPackedIntegersByValue() {
    var f8a = DenseTensor.wrap("", dev.scalpel.graph.DataType.FLOAT8E4M3FN, new long[] {2},
        java.nio.ByteBuffer.wrap(new byte[] {0x38, 0x7f}));
    var f8b = DenseTensor.wrap("", dev.scalpel.graph.DataType.FLOAT8E4M3FN, new long[] {2},
        java.nio.ByteBuffer.wrap(new byte[] {0x40, (byte) 0xff}));
    TensorDiff d = TensorComparator.compare(f8a, f8b, Tolerance.DEFAULT);
    assertThat(d.mismatches()).isEqualTo(1); // 1 vs 2; NaN vs -NaN agree
    assertThat(d.maxAbsError()).isEqualTo(1.0);
    var i4a = DenseTensor.wrap("", dev.scalpel.graph.DataType.INT4, new long[] {3},
        java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x8f, 0x07}));
    var i4b = DenseTensor.wrap("", dev.scalpel.graph.DataType.INT4, new long[] {3},
        java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x8f, 0x17})); // padding bits differ only
    assertThat(TensorComparator.compare(i4a, i4b, Tolerance.EXACT).passed()).isTrue();
  }
}
