package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.build.GraphBuilder;
import org.junit.jupiter.api.Test;

class ValueTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));
  private final Value y = b.input("y", DataType.FLOAT, Shape.of(2));

  @Test
  void replaceAllUsesWithMovesEveryUseButNotGraphOutputs() {
    Value r = b.op("Relu", x);
    Node add = b.op("Add", r, r).producer();
    Node neg = b.op("Neg", r).producer();
    b.output(r);

    r.replaceAllUsesWith(y);

    assertThat(r.uses()).isEmpty();
    assertThat(y.uses()).containsExactlyInAnyOrder(new Usage(add, 0), new Usage(add, 1), new Usage(neg, 0));
    assertThat(add.inputs()).containsExactly(y, y);
    assertThat(b.graph().outputs()).containsExactly(r);
    assertThat(r.isUsed()).as("still a graph output").isTrue();
  }

  @Test
  void replaceAllUsesWithItselfChangesNothing() {
    Node relu = b.op("Relu", x).producer();

    x.replaceAllUsesWith(x);

    assertThat(x.uses()).containsExactly(new Usage(relu, 0));
  }

  @Test
  void constantValueIsHiddenWhenTheInitializerIsAlsoAnInput() {
    Value w = b.initializer("w", TestTensors.floats(2));
    assertThat(w.constantValue()).isPresent();

    b.graph().addInput(w);

    assertThat(w.isGraphInput()).isTrue();
    assertThat(w.constantValue()).isEmpty();
  }
}
