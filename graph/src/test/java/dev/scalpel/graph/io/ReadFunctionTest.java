package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.FunctionProto;
import dev.scalpel.graph.io.proto.OnnxProto.NodeProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import org.junit.jupiter.api.Test;

class ReadFunctionTest {

  private static byte[] scaledRelu() {
    return FunctionProto.newBuilder()
        .setDomain("custom").setName("ScaledRelu")
        .addInput("X").addOutput("Y").addAttribute("alpha")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18))
        .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("X").addOutput("r"))
        .addNode(NodeProto.newBuilder().setOpType("LeakyRelu").addInput("r").addOutput("Y")
            .addAttribute(AttributeProto.newBuilder().setName("alpha").setRefAttrName("alpha")
                .setType(AttributeProto.AttributeType.FLOAT)))
        .build().toByteArray();
  }

  @Test
  void readsAFunctionWithItsBodyImportsAndAttributeReferences() {
    Function f = OnnxReader.readFunction(scaledRelu());
    assertThat(f.qualifiedName()).isEqualTo("custom.ScaledRelu");
    assertThat(f.attributeNames()).containsExactly("alpha");
    assertThat(f.opsetImports().version("").getAsLong()).isEqualTo(18);
    assertThat(f.body().inputs()).extracting(v -> v.name()).containsExactly("X");
    assertThat(f.body().nodes()).extracting(n -> n.opType()).containsExactly("Relu", "LeakyRelu");
    assertThat(f.body().nodes().get(1).attribute("alpha").orElseThrow())
        .isInstanceOf(Attribute.RefAttr.class);
  }

  @Test
  void aCopyIsIndependentOfTheOriginal() {
    Function f = OnnxReader.readFunction(scaledRelu());
    Function copy = f.deepCopy();
    copy.body().nodes().get(0).output(0).setName("renamed");
    assertThat(f.body().nodes().get(0).output(0).name()).isEqualTo("r");
    assertThat(copy.attributeNames()).containsExactly("alpha");
    assertThat(copy.opsetImports().version("").getAsLong()).isEqualTo(18);
  }

  @Test
  void malformedBytesAreAnInvalidModel() {
    assertThatThrownBy(() -> OnnxReader.readFunction(new byte[] {(byte) 0xff, 0x01}))
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> OnnxReader.readFunction(new byte[0]))
        .isInstanceOf(InvalidModelException.class);
  }
}
