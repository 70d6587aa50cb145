package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.build.GraphBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));
  private final Value y = b.input("y", DataType.FLOAT, Shape.of(2));

  @Test
  void replaceInputMovesTheUse() {
    Value sum = b.op("Add", x, x);
    Node add = sum.producer();

    add.replaceInput(1, y);

    assertThat(add.inputs()).containsExactly(x, y);
    assertThat(x.uses()).containsExactly(new Usage(add, 0));
    assertThat(y.uses()).containsExactly(new Usage(add, 1));
  }

  @Test
  void replaceInputWithNullOmitsTheInput() {
    Node clip = b.op("Clip", x, y).producer();

    clip.replaceInput(1, null);

    assertThat(clip.inputs()).containsExactly(x, null);
    assertThat(y.uses()).isEmpty();
  }

  @Test
  void setInputsRewiresEverySlotAndMayChangeTheCount() {
    Node concat = b.op("Concat", x, y).producer();

    concat.setInputs(Arrays.asList(y, null, y, x));

    assertThat(x.uses()).containsExactly(new Usage(concat, 3));
    assertThat(y.uses()).containsExactlyInAnyOrder(new Usage(concat, 0), new Usage(concat, 2));
  }

  @Test
  void aDetachedNodeRegistersItsUsesWhenAppended() {
    Node relu = new Node(null, "Relu", List.of(x), List.of("r"), List.of());
    assertThat(x.uses()).isEmpty();

    b.graph().append(relu);

    assertThat(x.uses()).containsExactly(new Usage(relu, 0));
  }

  @Test
  void predecessorsAndSuccessorsAreDistinct() {
    Value r = b.op("Relu", x);
    Value sq = b.op("Mul", r, r);

    assertThat(sq.producer().predecessors()).containsExactly(r.producer());
    assertThat(r.producer().successors()).containsExactly(sq.producer());
  }
}
