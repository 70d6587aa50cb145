package dev.scalpel.graph.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PackedElementsTest {
  /** onnx.proto: the first 4-bit element in the low nibble; the first 2-bit element in bits 0-1. */
  @Test
  void packsLowBitsFirstAndDiscardsHigherBits() {
    byte[] int4 = new byte[3];
    long[] values = {-8, 7, -1, 9, 0}; // 9 keeps its low bits: 1001 = -7
    for (int i = 0; i < values.length; i++) {
      PackedElements.put(int4, DataType.INT4, i, values[i]);
    }
    assertThat(int4).containsExactly(0x78, 0x9f, 0x00);
    ByteBuffer b = ByteBuffer.wrap(new byte[] {0x55, (byte) 0x78, (byte) 0x9f, 0x00});
    assertThat(PackedElements.integer(b, 1, DataType.INT4, 0)).isEqualTo(-8);
    assertThat(PackedElements.integer(b, 1, DataType.INT4, 1)).isEqualTo(7);
    assertThat(PackedElements.integer(b, 1, DataType.INT4, 3)).isEqualTo(-7);
    assertThat(PackedElements.integer(b, 1, DataType.UINT4, 3)).isEqualTo(9);

    byte[] uint2 = new byte[2];
    long[] twoBit = {1, 2, 3, 0, 3};
    for (int i = 0; i < twoBit.length; i++) {
      PackedElements.put(uint2, DataType.UINT2, i, twoBit[i]);
    }
    assertThat(uint2).containsExactly(0x39, 0x03); // x0 | x1 << 2 | x2 << 4 | x3 << 6
    ByteBuffer c = ByteBuffer.wrap(uint2);
    assertThat(PackedElements.integer(c, 0, DataType.INT2, 2)).isEqualTo(-1);
    assertThat(PackedElements.integer(c, 0, DataType.INT2, 1)).isEqualTo(-2);
    assertThat(PackedElements.integer(c, 0, DataType.UINT2, 4)).isEqualTo(3);
  }
}
