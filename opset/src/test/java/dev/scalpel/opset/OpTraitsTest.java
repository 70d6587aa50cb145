package dev.scalpel.opset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpTraitsTest {
  private final GraphBuilder b = GraphBuilder.create(13);
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  private static DenseTensor bool(boolean v) {
    return DenseTensor.wrap("", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {(byte) (v ? 1 : 0)}));
  }

  private Node dropout(Value trainingMode) {
    Value ratio = b.constant(DenseTensor.ofFloats("ratio", new long[0], 0.5f));
    return b.node("Dropout", java.util.Arrays.asList(x, ratio, trainingMode), 1);
  }

  @Test
  void randomGeneratorsAreRandomAndNotPure() {
    Node n = b.node("RandomUniformLike", List.of(x), 1);
    assertThat(OpTraits.isRandom(n)).isTrue();
    assertThat(OpTraits.isPure(n)).isFalse();
    assertThat(OpTraits.isRandom(b.node("Bernoulli", List.of(x), 1))).isTrue();
  }

  @Test
  void arithmeticIsPure() {
    Node n = b.node("Add", List.of(x, x), 1);
    assertThat(OpTraits.isRandom(n)).isFalse();
    assertThat(OpTraits.isOpaque(n)).isFalse();
    assertThat(OpTraits.isPure(n)).isTrue();
  }

  @Test
  void dropoutIsRandomOnlyInTrainingMode() {
    assertThat(OpTraits.isRandom(b.node("Dropout", List.of(x), 1))).as("no training_mode").isFalse();
    assertThat(OpTraits.isRandom(dropout(null))).as("training_mode omitted").isFalse();
    assertThat(OpTraits.isRandom(dropout(b.constant(bool(false))))).as("initializer false").isFalse();
    assertThat(OpTraits.isRandom(dropout(b.op("Constant", List.of(), Attribute.of("value", bool(false))))))
        .as("Constant false").isFalse();
    assertThat(OpTraits.isRandom(dropout(b.constant(bool(true))))).as("initializer true").isTrue();
    assertThat(OpTraits.isRandom(dropout(b.input("t", DataType.BOOL, Shape.of(new long[0]))))).as("graph input").isTrue();
  }

  @Test
  void onnxMlNodesArePure() {
    Node n = b.domain("ai.onnx.ml", 3).node("Binarizer", List.of(x), 1);
    assertThat(OpTraits.isOpaque(n)).isFalse();
    assertThat(OpTraits.isPure(n)).isTrue();
  }

  @Test
  void customDomainNodesAreOpaque() {
    Node n = b.domain("com.example", 1).node("Mystery", List.of(x), 1);
    assertThat(OpTraits.isOpaque(n)).isTrue();
    assertThat(OpTraits.isPure(n)).isFalse();
  }
}
