package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.ints;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import org.junit.jupiter.api.Test;

class SliceRulesTest {
  @Test
  void sliceOneReadsAttributes() {
    Fixture f = new Fixture(9);
    Value y = f.op("Slice", list(f.input("x", 20, 10, 5)), ints("starts", 0, 1), ints("ends", 3, -1), ints("axes", 0, 1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(3, 8, 5));
  }

  @Test
  void sliceTenReadsInputsWithStepsAndClamps() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", 20, 10, 5);
    Value y = f.op("Slice", x, f.ints(0, 0, 3), f.ints(20, 10, 4), f.ints(0, 1, 2), f.ints(1, 1, 1));
    Value z = f.op("Slice", x, f.ints(1000), f.ints(Long.MIN_VALUE), f.ints(1), f.ints(-3));
    Value w = f.op("Slice", x, f.ints(-100), f.ints(Long.MAX_VALUE), f.ints(2), null);
    Value v = f.op("Slice", x, f.ints(0), f.ints(10), f.ints(0), f.ints(3));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(20, 10, 1));
    assertThat(shapeOf(z)).isEqualTo(shape(20, 4, 5));
    assertThat(shapeOf(w)).isEqualTo(shape(20, 10, 5));
    assertThat(shapeOf(v)).isEqualTo(shape(4, 10, 5));
  }

  /** A symbolic dim may be 0: dropping one element leaves max(0, n-1), not n-1 (-1 at n = 0). */
  @Test
  void sliceOfSymbolicDims() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", "t", 4);
    Value y = f.op("Slice", x, f.ints(1, 0), f.ints(Integer.MAX_VALUE, -1), f.ints(0, 1), null);
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("max(0,n-1)", "max(0,t-1)", 4));
  }

  /**
   * Issue 11's SSDlite case: a constant end past a symbolic (here data-dependent) length clamps to
   * it, so the result is min(n, 300), not 300. Each expected form checked by hand at n = 0, 2, 400.
   */
  @Test
  void constantPositionsClampToSymbolicLengths() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 4);
    Value head = f.op("Slice", x, f.ints(0), f.ints(300), f.ints(0), null);
    Value tail = f.op("Slice", x, f.ints(-3), f.ints(Long.MAX_VALUE), f.ints(0), null);
    Value window = f.op("Slice", x, f.ints(-3), f.ints(-1), f.ints(0), null);
    Value inner = f.op("Slice", x, f.ints(1), f.ints(-1), f.ints(0), null);
    Value strided = f.op("Slice", x, f.ints(0), f.ints(300), f.ints(0), f.ints(2));
    Value reversed = f.op("Slice", x, f.ints(-1), f.ints(Long.MIN_VALUE), f.ints(0), f.ints(-1));
    Value mixed = f.op("Slice", x, f.ints(-5), f.ints(3), f.ints(0), null);
    Value reversedPart = f.op("Slice", x, f.ints(5), f.ints(0), f.ints(0), f.ints(-1));
    f.infer();
    assertThat(shapeOf(head)).isEqualTo(shape("min(300,n)", 4));
    assertThat(shapeOf(tail)).isEqualTo(shape("min(3,n)", 4));
    assertThat(shapeOf(window)).isEqualTo(shape("max(0,min(3,n)-1)", 4));
    assertThat(shapeOf(inner)).isEqualTo(shape("max(0,n-2)", 4));
    assertThat(shapeOf(strided)).isEqualTo(shape("floor((min(300,n)+1)/2)", 4));
    assertThat(shapeOf(reversed)).isEqualTo(shape("n", 4));
    // NOTE: forms the rule does not model get a fresh symbol of their own, never a guess.
    assertThat(shapeOf(mixed).dim(0)).isInstanceOf(Dim.Symbolic.class);
    assertThat(dev.scalpel.opset.infer.SymExpr.parse(((Dim.Symbolic) shapeOf(mixed).dim(0)).name()).symbols())
        .doesNotContain("n");
    assertThat(shapeOf(reversedPart).dim(0)).isInstanceOf(Dim.Symbolic.class);
    assertThat(dev.scalpel.opset.infer.SymExpr.parse(((Dim.Symbolic) shapeOf(reversedPart).dim(0)).name())
        .symbols()).doesNotContain("n");
  }

  @Test
  void runtimeStartsGiveFreshSymbols() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", 8, 4);
    Value starts = f.input("s", DataType.INT64, 1);
    Value y = f.op("Slice", x, starts, f.ints(8), f.ints(0), null);
    f.infer();
    assertThat(shapeOf(y).dim(0)).isInstanceOf(Dim.Symbolic.class);
    assertThat(shapeOf(y).dim(1)).isEqualTo(Dim.of(4L));
  }
}
