package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAttributeTest {

  @Test
  void readsAScalarWithoutItsUnmodeledFields() {
    byte[] bytes = AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
        .setI(3).setDocString("the axis").build().toByteArray();
    assertThat(OnnxReader.readAttribute(bytes)).isEqualTo(Attribute.of("axis", 3L));
  }

  @Test
  void readsListsAndTensors() {
    byte[] ints = AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS)
        .addAllInts(List.of(1L, 2L)).build().toByteArray();
    assertThat(OnnxReader.readAttribute(ints)).isEqualTo(Attribute.ofInts("pads", 1, 2));

    byte[] tensor = AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
        .setT(TensorProto.newBuilder().setDataType(DataType.INT64.code()).addDims(2).addInt64Data(5).addInt64Data(-6))
        .build().toByteArray();
    Tensor t = OnnxReader.readAttribute(tensor).asTensor();
    assertThat(t.dims()).containsExactly(2);
    assertThat(t.toLongArray()).containsExactly(5L, -6L);
  }

  @Test
  void malformedBytesAreAnInvalidModel() {
    assertThatThrownBy(() -> OnnxReader.readAttribute(new byte[] {(byte) 0xff}))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("not a valid ONNX attribute");
  }
}
