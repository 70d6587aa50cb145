package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantValuesTest {
  @Test
  void aBoolConstantIsReadAsOnesAndZerosLikeAComputedCondition() {
    ByteBuffer data = ByteBuffer.wrap(new byte[] {9, 1, 0, 0});
    data.position(1);
    DenseTensor cond = DenseTensor.wrap("c", DataType.BOOL, new long[] {3}, data.slice());
    PartialValue v = ConstantValues.of(cond).orElseThrow();
    assertThat(v.elements()).containsExactly(SymExpr.of(1), SymExpr.of(0), SymExpr.of(0));
    assertThat(v.floating()).isFalse();
    assertThat(v.scalar()).isFalse();
    assertThat(ConstantValues.of(DenseTensor.wrap("s", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {1})))
        .orElseThrow().elements()).isEqualTo(List.of(SymExpr.of(1)));
  }
}
