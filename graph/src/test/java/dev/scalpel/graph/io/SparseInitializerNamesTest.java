package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import dev.scalpel.graph.io.proto.OnnxProto.SparseTensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.ValueInfoProto;
import org.junit.jupiter.api.Test;

/**
 * A sparse initializer shares the initializers' names: one named as an initializer (dense or
 * sparse) already is refused as a duplicate. Found by the reader fuzz target after 9.85M
 * executions: an input 'x' with a dense and a sparse initializer 'x' ended in an
 * IllegalArgumentException from Graph (exit 70).
 */
class SparseInitializerNamesTest {
  private static SparseTensorProto sparse(String name) {
    return SparseTensorProto.newBuilder()
        .setValues(TensorProto.newBuilder().setName(name).addDims(1).setDataType(1).addFloatData(3f))
        .setIndices(TensorProto.newBuilder().setName(name + "_idx").addDims(1).setDataType(7).addInt64Data(1))
        .addDims(2).build();
  }

  private static byte[] model(GraphProto.Builder g) {
    return ModelProto.newBuilder().setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(g.setName("g")).build().toByteArray();
  }

  @Test
  void anInputWithADenseAndASparseInitializerIsRefused() {
    GraphProto.Builder g = GraphProto.newBuilder()
        .addInput(ValueInfoProto.newBuilder().setName("x"))
        .addInitializer(TensorProto.newBuilder().setName("x").addDims(2).setDataType(1).addFloatData(1f).addFloatData(2f))
        .addSparseInitializer(sparse("x"));
    assertThatThrownBy(() -> OnnxReader.read(model(g)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("'x' appears twice");
  }

  @Test
  void anInputWithTwoSparseInitializersIsRefused() {
    GraphProto.Builder g = GraphProto.newBuilder()
        .addInput(ValueInfoProto.newBuilder().setName("x"))
        .addSparseInitializer(sparse("x")).addSparseInitializer(sparse("x"));
    assertThatThrownBy(() -> OnnxReader.read(model(g)))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("'x' appears twice");
  }

  @Test
  void aDenseAndASparseInitializerOfOneNameAreRefused() {
    GraphProto.Builder g = GraphProto.newBuilder()
        .addInitializer(TensorProto.newBuilder().setName("w").addDims(2).setDataType(1).addFloatData(1f).addFloatData(2f))
        .addSparseInitializer(sparse("w"));
    assertThatThrownBy(() -> OnnxReader.read(model(g))).isInstanceOf(InvalidModelException.class);
  }
}
