package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.TestTensors;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of random small DAGs built with {@link GraphBuilder}. */
class RandomDagPropertyTest {

  /** One emitted op: {@code kind} picks the op, {@code a} and {@code b} pick operands among the values so far. */
  record Step(int kind, int a, int b) {}

  @Provide
  Arbitrary<List<Step>> programs() {
    Arbitrary<Step> step = Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 1_000),
            Arbitraries.integers().between(0, 1_000))
        .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(16);
  }

  /** Builds the program; every value nobody reads becomes a graph output, so nothing is dead. */
  static Model build(List<Step> steps, int inputCount) {
    GraphBuilder b = GraphBuilder.create(21);
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < inputCount; i++) {
      values.add(b.input("in" + i, DataType.FLOAT, Shape.of(2)));
    }
    for (Step s : steps) {
      Value a = values.get(s.a() % values.size());
      Value c = values.get(s.b() % values.size());
      switch (s.kind()) {
        case 0 -> values.add(b.op("Relu", a));
        case 1 -> values.add(b.op("Neg", a));
        case 2 -> values.add(b.op("Add", a, c));
        case 3 -> values.add(b.op("Mul", a, a));
        case 4 -> values.addAll(b.ops("Split", 2, List.of(a), Attribute.of("axis", 0L)));
        case 5 -> values.add(b.op("Concat", List.of(a, c), Attribute.of("axis", 0L)));
        default -> values.add(b.op("Add", a, b.constant(TestTensors.floats(2))));
      }
    }
    for (Value v : values) {
      if (v.producer() != null && v.uses().isEmpty()) {
        b.output(v);
      }
    }
    return b.model();
  }

  @Property(tries = 200)
  void builtGraphsAreVerifierClean(@ForAll("programs") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int inputs) {
    assertThat(GraphVerifier.verify(build(steps, inputs))).isEmpty();
  }

  @Property(tries = 200)
  void topologicalOrderIsValidAndStable(
      @ForAll("programs") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int inputs, @ForAll long seed) {
    Graph g = build(steps, inputs).graph();
    List<Node> built = g.nodes();
    assertThat(TopologicalOrder.of(g)).as("stable on sorted input").containsExactlyElementsOf(built);

    List<Node> shuffled = new ArrayList<>(built);
    Collections.shuffle(shuffled, new Random(seed));
    g.reorder(shuffled);
    List<Node> order = TopologicalOrder.of(g);

    assertThat(order).containsExactlyInAnyOrderElementsOf(built);
    assertProducersFirst(order);
    g.reorder(order);
    assertThat(TopologicalOrder.of(g)).containsExactlyElementsOf(order);
    assertThat(TopologicalOrder.isSorted(g)).isTrue();
  }

  @Property(tries = 100)
  void deepCopyWritesTheSameBytes(@ForAll("programs") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int inputs) {
    Model model = build(steps, inputs);

    assertThat(OnnxWriter.toBytes(model.deepCopy())).isEqualTo(OnnxWriter.toBytes(model));
  }

  @Property(tries = 100)
  void removingUnusedNodesKeepsTheGraphCleanAndIsIdempotent(
      @ForAll("programs") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int inputs) {
    Model model = build(steps, inputs);
    Graph g = model.graph();
    assertThat(RemoveUnusedNodes.run(model).isEmpty()).as("nothing is dead yet").isTrue();
    while (g.outputs().size() > 1) {
      g.removeOutput(0);
    }

    RemoveUnusedNodes.run(model);

    assertThat(GraphVerifier.verify(model)).isEmpty();
    assertThat(RemoveUnusedNodes.run(model).isEmpty()).isTrue();
  }

  private static void assertProducersFirst(List<Node> order) {
    Map<Node, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i), i);
    }
    for (Node n : order) {
      for (Value v : n.inputs()) {
        if (v != null && v.producer() != null) {
          assertThat(position.get(v.producer())).as("%s before %s", v.producer(), n).isLessThan(position.get(n));
        }
      }
    }
  }
}
