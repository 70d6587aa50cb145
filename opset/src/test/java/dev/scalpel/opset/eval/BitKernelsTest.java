package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** BitShift and BitCast, on bit patterns worked out by hand, and BitCast's post-1.12 node tests. */
class BitKernelsTest {
  private static Tensor uint16(short... v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short x : v) {
      b.putShort(x);
    }
    b.flip();
    return DenseTensor.wrap("", DataType.UINT16, dims(v.length), b);
  }

  private static Tensor bytes(DataType type, byte... v) {
    return DenseTensor.wrap("", type, dims(v.length), ByteBuffer.wrap(v));
  }

  private static short[] shorts(Tensor t) {
    ByteBuffer b = t.data().order(ByteOrder.LITTLE_ENDIAN);
    short[] out = new short[(int) t.elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getShort(b.position() + 2 * i);
    }
    return out;
  }

  @Test
  void leftShiftCutsTheHighBitsOfTheType() {
    // 0x8001 << 1 = 0x10002, cut to 16 bits: 0x0002; 3 << 4 = 48.
    Tensor y = KernelFixture.op("BitShift", 11, uint16((short) 0x8001, (short) 3), uint16((short) 1, (short) 4))
        .attr(Attribute.of("direction", "LEFT")).single();
    assertThat(shorts(y)).containsExactly((short) 2, (short) 48);
  }

  @Test
  void rightShiftIsLogical() {
    // 0x8000 >> 15 = 1 (no sign extension); 16 >> 2 = 4.
    Tensor y = KernelFixture.op("BitShift", 11, uint16((short) 0x8000, (short) 16), uint16((short) 15, (short) 2))
        .attr(Attribute.of("direction", "RIGHT")).single();
    assertThat(shorts(y)).containsExactly((short) 1, (short) 4);
  }

  @Test
  void aShiftByTheWidthIsRefused() {
    assertThatThrownBy(() -> KernelFixture.op("BitShift", 11, uint16((short) 1), uint16((short) 16))
        .attr(Attribute.of("direction", "LEFT")).single()).isInstanceOf(EvaluationException.class);
  }

  @Test
  void bitCastKeepsTheBitPattern() {
    // 1.0f is 0x3F800000 = 1065353216; -2.0f is 0xC0000000 = -1073741824 as int32.
    Tensor y = KernelFixture.op("BitCast", 26, floats(dims(2), 1f, -2f))
        .attr(Attribute.of("to", (long) DataType.INT32.code())).single();
    assertThat(y.dataType()).isEqualTo(DataType.INT32);
    assertThat(y.toLongArray()).containsExactly(1065353216L, -1073741824L);
  }

  @Test
  void bitCastToBoolRefusesBytesThatAreNotBools() {
    Tensor ok = KernelFixture.op("BitCast", 26, bytes(DataType.UINT8, (byte) 1, (byte) 0))
        .attr(Attribute.of("to", (long) DataType.BOOL.code())).single();
    assertThat(ok.dataType()).isEqualTo(DataType.BOOL);
    assertThatThrownBy(() -> KernelFixture.op("BitCast", 26, bytes(DataType.UINT8, (byte) 2))
        .attr(Attribute.of("to", (long) DataType.BOOL.code())).single()).isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> KernelFixture.op("BitCast", 26, floats(dims(1), 1f))
        .attr(Attribute.of("to", (long) DataType.INT64.code())).single()).isInstanceOf(EvaluationException.class);
  }

  @Test
  void everyPost112BitCastNodeTestGivesTheExpectedOutput() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_bitcast_");
    assertThat(outcome.tests()).isEqualTo(10);
    assertThat(outcome.failures()).isEmpty();
  }
}
