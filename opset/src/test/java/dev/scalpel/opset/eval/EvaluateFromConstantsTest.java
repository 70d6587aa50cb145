package dev.scalpel.opset.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Kernels#evaluateFromConstants}: values computed from constants alone, within limits. */
class EvaluateFromConstantsTest {
  private static final Kernels KERNELS = Kernels.standard();

  /** Concat(Constant node [2, 3], initializer [4]) * initializer 2 = [4, 6, 8]: two nodes to evaluate. */
  private static Value doubledConcat(GraphBuilder b) {
    Value ints = b.op("Constant", List.of(), Attribute.ofInts("value_ints", 2, 3));
    Value four = b.initializer("four", DenseTensor.vector("four", 4));
    Value cat = b.op("Concat", List.of(ints, four), Attribute.of("axis", 0L));
    Value two = b.initializer("two", DenseTensor.ofLongs("two", new long[] {}, new long[] {2}));
    return b.op("Mul", cat, two);
  }

  @Test
  void evaluatesAChainOfNodesOverConstants() {
    GraphBuilder b = GraphBuilder.create(13);
    Value doubled = doubledConcat(b);
    b.output(doubled);
    assertThat(KERNELS.evaluateFromConstants(doubled, 13, 4096, 64).orElseThrow().toLongArray())
        .containsExactly(4, 6, 8);
    // NOTE: the graph is not changed: the nodes are still there, nothing became an initializer.
    assertThat(b.graph().nodeCount()).isEqualTo(3);
    assertThat(doubled.isInitializer()).isFalse();
  }

  @Test
  void aGraphInputOnTheWayIsNotAConstant() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.INT64, Shape.of(1));
    Value cat = b.op("Concat", List.of(x, b.initializer("four", DenseTensor.vector("four", 4))), Attribute.of("axis", 0L));
    b.output(cat);
    assertThat(KERNELS.evaluateFromConstants(cat, 13, 4096, 64)).isEmpty();
    assertThat(KERNELS.evaluateFromConstants(x, 13, 4096, 64)).isEmpty();
  }

  @Test
  void limitsOnNodesAndElementsAreKept() {
    GraphBuilder b = GraphBuilder.create(13);
    Value three = b.initializer("three", DenseTensor.vector("three", 3));
    // Concat(3 * 3, 3 + 3) = [9, 6]: the Mul is evaluated first, then the Add is reached.
    Value cat = b.op("Concat", List.of(b.op("Mul", three, three), b.op("Add", three, three)), Attribute.of("axis", 0L));
    Value shape = b.initializer("shape", DenseTensor.vector("shape", 10));
    Value expanded = b.op("Expand", b.initializer("one", DenseTensor.vector("one", 1)), shape);
    b.output(cat, expanded);
    assertThat(KERNELS.evaluateFromConstants(cat, 13, 4096, 0)).isEmpty();
    // One node evaluated (the Mul) when the Add is reached: the bound of one stops there.
    assertThat(KERNELS.evaluateFromConstants(cat, 13, 4096, 1)).isEmpty();
    assertThat(KERNELS.evaluateFromConstants(cat, 13, 4096, 2).orElseThrow().toLongArray()).containsExactly(9, 6);
    // Expand of [1] to [10] makes ten elements.
    assertThat(KERNELS.evaluateFromConstants(expanded, 13, 9, 64)).isEmpty();
    assertThat(KERNELS.evaluateFromConstants(expanded, 13, 10, 64).orElseThrow().toLongArray())
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  }
}
