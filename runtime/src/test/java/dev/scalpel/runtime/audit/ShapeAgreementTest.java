package dev.scalpel.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit's tally catches each kind of disagreement and accepts agreement; unknown dims claim nothing. */
class ShapeAgreementTest {
  private static final Map<String, Long> H8 = Map.of("h", 8L);

  private static ValueType.TensorType floats(Dim... dims) {
    return new ValueType.TensorType(DataType.FLOAT, Shape.of(dims));
  }

  private static Tensor real(long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return DenseTensor.ofFloats("t", dims, new float[(int) n]);
  }

  @Test
  void agreeingStaticAndSymbolicDimsPass() {
    ShapeAgreement a = new ShapeAgreement();
    a.compare("y", "Conv", floats(Dim.of(1), Dim.of("floor((h-1)/2)+1")), real(1, 4), 0, H8);
    assertThat(a.mismatches()).isEmpty();
    assertThat(a.summary()).startsWith("1 value-runs checked, 2 dims checked (1 static, 0 unknown, 0 values of unknown rank), 1 symbolic dims evaluated");
  }

  @Test
  void wrongStaticSymbolicRankAndTypeAreMismatches() {
    ShapeAgreement a = new ShapeAgreement();
    a.compare("s", "n1", floats(Dim.of(3)), real(4), 0, H8);
    a.compare("e", "n2", floats(Dim.of("2*h")), real(15), 0, H8);
    a.compare("r", "n3", floats(Dim.of("h")), real(8, 1), 0, H8);
    a.compare("t", "n4", new ValueType.TensorType(DataType.INT64, Shape.of(8)), real(8), 0, H8);
    a.compare("u", "n5", floats(Dim.Unknown.INSTANCE), real(8), 0, H8);
    a.compare("m", "n6", floats(Dim.of(8)), null, 0, H8);
    assertThat(a.mismatches()).extracting(ShapeContradiction::value).containsExactly("s", "e", "r", "t", "m");
    assertThat(a.unknownDims()).as("u's unknown dim is allowed, and counted").isEqualTo(1);
    a.compare("v", "n7", new ValueType.TensorType(DataType.FLOAT, null), real(8, 2), 0, H8);
    assertThat(a.mismatches()).as("an unknown rank claims nothing").hasSize(5);
    assertThat(a.unknownRanks()).isEqualTo(1);
  }

  @Test
  void freshSymbolsAreSkippedThenHeldToTheirFirstSize() {
    ShapeAgreement a = new ShapeAgreement();
    a.compare("nz", "NonZero", floats(Dim.of(2), Dim.of("nz_count")), real(2, 5), 0, H8);
    a.compare("ok", "Add", floats(Dim.of("nz_count+h")), real(13), 0, H8);
    a.compare("bad", "Add", floats(Dim.of("nz_count")), real(6), 0, H8);
    a.compare("nz", "NonZero", floats(Dim.of(2), Dim.of("nz_count")), real(2, 6), 1, H8);
    assertThat(a.mismatches()).extracting(ShapeContradiction::value).containsExactly("bad");
    assertThat(a.unboundSymbols()).containsExactly("nz_count");
    assertThat(a.summary()).contains("4 fresh-symbol dims skipped (2 of them checked consistent");
  }
}
