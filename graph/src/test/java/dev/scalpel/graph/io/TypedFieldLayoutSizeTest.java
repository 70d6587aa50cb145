package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.TensorTooLargeException;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * Typed-field data is packed into one buffer: 2^28 int64 entries (a model near protobuf's limit,
 * one byte per varint) pack to 2 GiB, more than one buffer holds; the refusal is one line, not an
 * ArithmeticException.
 */
class TypedFieldLayoutSizeTest {
  @Test
  void packingMoreThanOneBufferHoldsIsRefusedNamingTheTensor() {
    TensorProto p = TensorProto.newBuilder().setName("ids").build();
    assertThatThrownBy(() -> TypedFieldLayout.pack(p, DataType.INT64, 1L << 28))
        .isInstanceOf(TensorTooLargeException.class)
        .hasMessageStartingWith("tensor 'ids' has 268435456 elements in its typed data field (2147483648 bytes packed)");
  }

  @Test
  void smallTypedDataStillPacks() {
    TensorProto p = TensorProto.newBuilder().setName("ids").addInt64Data(5).addInt64Data(-1).build();
    assertThat(TypedFieldLayout.pack(p, DataType.INT64, 2).getLong(8)).isEqualTo(-1);
  }
}
