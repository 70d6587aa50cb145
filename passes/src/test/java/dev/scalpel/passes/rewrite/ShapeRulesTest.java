package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.first;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.longs;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.opSequence;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.whyNot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merges of Reshape/Flatten/Squeeze/Unsqueeze, their canonical forms, and Reshape before a global pool. */
class ShapeRulesTest {
  private static final Dim N = new Dim.Symbolic("N");

  private static Shape dyn(long... rest) {
    Dim[] dims = new Dim[rest.length + 1];
    dims[0] = N;
    for (int i = 0; i < rest.length; i++) {
      dims[i + 1] = new Dim.Static(rest[i]);
    }
    return Shape.of(dims);
  }

  private static List<Long> axesOf(Node n) {
    return n.attribute("axes").map(a -> a.asLongs())
        .orElseGet(() -> java.util.Arrays.stream(longs(n.input(1))).boxed().toList());
  }

  @Test
  void unsqueezesMergeWithAttributeAxes() {
    // NOTE: [N,4] → axes [0] → [1,N,4] → axes [-1] (= 3) → [1,N,4,1]: new dims at 0 and 3.
    Model m = LocalRuleFixtures.unsqueezes(dyn(4), new long[] {0}, new long[] {-1}, 11);
    assertThat(simplify(m).applications("merge-consecutive-unsqueezes")).isEqualTo(1);
    assertThat(opSequence(m)).containsExactly("Unsqueeze", "Relu");
    Node u = first(m, "Unsqueeze");
    assertThat(u.inputs()).hasSize(1);
    assertThat(axesOf(u)).containsExactly(0L, 3L);
  }

  @Test
  void unsqueezesMergeWithInputAxes() {
    // NOTE: [N,4] → axes [1] → [N,1,4] → axes [1] → [N,1,1,4]; the first's new dim moved to 2.
    Model m = LocalRuleFixtures.unsqueezes(dyn(4), new long[] {1}, new long[] {1}, 13);
    simplify(m);
    Node u = first(m, "Unsqueeze");
    assertThat(u.inputs()).hasSize(2);
    assertThat(axesOf(u)).containsExactly(1L, 2L);
  }

  @Test
  void unsqueezesOfUnknownRankMergeOnlyWithNonNegativeAxes() {
    Model positive = LocalRuleFixtures.unsqueezes(null, new long[] {0, 2}, new long[] {1}, 13);
    simplify(positive);
    // NOTE: second inserts 1; the first's 0 and 2 are the 0th and 2nd free positions: 0 and 3.
    assertThat(axesOf(first(positive, "Unsqueeze"))).containsExactly(0L, 1L, 3L);
    Model negative = LocalRuleFixtures.unsqueezes(null, new long[] {0}, new long[] {-1}, 13);
    assertThat(whyNot(negative, "merge-consecutive-unsqueezes")).contains("rank");
  }

  @Test
  void squeezesMerge() {
    // NOTE: [N,1,3,1,4,1] → axes [1] → [N,3,1,4,1] → axes [2,-1] → [N,3,4]: x axes 1, 3, 5.
    Model m = LocalRuleFixtures.squeezes(Shape.of(N, Dim.of(1), Dim.of(3), Dim.of(1), Dim.of(4), Dim.of(1)),
        new long[] {1}, new long[] {2, -1}, 13);
    assertThat(simplify(m).applications("merge-consecutive-squeezes")).isEqualTo(1);
    assertThat(opSequence(m)).containsExactly("Squeeze", "Relu");
    assertThat(axesOf(first(m, "Squeeze"))).containsExactly(1L, 3L, 5L);
    Model old = LocalRuleFixtures.squeezes(Shape.of(N, Dim.of(1), Dim.of(1)), new long[] {2}, new long[] {1}, 11);
    simplify(old);
    assertThat(first(old, "Squeeze").attribute("axes").orElseThrow().asLongs()).containsExactly(1L, 2L);
  }

  @Test
  void aReshapeToItsOwnShapeThroughAValueIntsConstantIsRemoved() {
    // NOTE: x [N,3,4] reshaped to Constant(value_ints=[0,3,4]): 0 copies N, 3 and 4 match, so the
    // Reshape is x itself. The pattern matcher used to read only Constant's 'value' form.
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, dyn(3, 4));
    Value target = g.op("Constant", List.of(), Attribute.ofInts("value_ints", 0, 3, 4));
    g.output(g.op("Relu", g.op("Reshape", x, target)));
    Model m = g.model();

    assertThat(simplify(m).applications("eliminate-noop-reshape")).isEqualTo(1);
    assertThat(opSequence(m)).doesNotContain("Reshape");
    assertThat(first(m, "Relu").input(0)).isSameAs(x);
  }

  @Test
  void reshapeRulesMissWhenTheTargetShapeIsNotAnIntegerConstant() {
    // NOTE: found by fuzzing simplify (crash-689ffc7b...): a float32 shape input breaks Reshape's
    // type constraint; eliminate-noop-reshape read it with toLongArray and failed the pass (exit 70).
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, dyn(3, 4));
    Value same = g.initializer("same", DenseTensor.ofFloats("same", new long[] {3}, 0, 3, 4));
    Value flat = g.initializer("flat", DenseTensor.ofFloats("flat", new long[] {2}, 0, 12));
    Value unsqueezed = g.op("Unsqueeze", x, g.initializer("axes", DenseTensor.vector("axes", 0)));
    g.output(g.op("Relu", g.op("Reshape", x, same)));
    g.output(g.op("Neg", g.op("Reshape", x, flat)));
    g.output(g.op("Abs", g.op("Reshape", unsqueezed, flat)));
    Model m = g.model();

    RewriteStats s = simplify(m);

    assertThat(s.total()).isZero();
    assertThat(opSequence(m)).filteredOn("Reshape"::equals).hasSize(3);
    String expected = "the shape constant is of element type float, not int64";
    assertThat(whyNot(m, "eliminate-noop-reshape").lines()).containsOnly(expected);
    assertThat(whyNot(m, "reshape-to-flatten").lines()).containsOnly(expected);
    assertThat(whyNot(m, "merge-unsqueeze-reshape").lines()).contains(expected);
  }

  @Test
  void aReshapeAfterAShapeChangeReadsTheOriginal() {
    // NOTE: Unsqueeze then Reshape [-1, 12] of [N,3,4]: one Reshape of x, which is a Flatten(axis=1).
    Model m = LocalRuleFixtures.unsqueezeThenReshape(-1, 12);
    RewriteStats s = simplify(m);
    assertThat(s.applications("merge-unsqueeze-reshape")).isEqualTo(1);
    assertThat(s.applications("reshape-to-flatten")).isEqualTo(1);
    assertThat(opSequence(m)).containsExactly("Flatten", "Relu");
    assertThat(first(m, "Flatten").intAttribute("axis", -1)).isEqualTo(1);
    assertThat(first(m, "Flatten").input(0).name()).isEqualTo("x");
    assertThat(GraphVerifier.verify(m)).isEmpty();
  }

  @Test
  void reshapesMergeUnlessTheLastCopiesADim() {
    Model m = LocalRuleFixtures.reshapes(dyn(3, 4), new long[] {0, 2, 6}, new long[] {-1, 4, 3});
    assertThat(simplify(m).applications("merge-reshape-reshape")).isEqualTo(1);
    assertThat(opSequence(m)).containsExactly("Reshape", "Relu");
    assertThat(longs(first(m, "Reshape").input(1))).containsExactly(-1, 4, 3);
    // NOTE: the 0 in [0, 2, 2] copies dim 0 of the intermediate [3N, 4], which x [N, 3, 4] lacks.
    Model copy = LocalRuleFixtures.reshapes(dyn(3, 4), new long[] {-1, 4}, new long[] {0, 2, 2});
    new dev.scalpel.passes.common.InferShapes().run(copy, new dev.scalpel.passes.PassContext());
    assertThat(RuleSet.standard().explain("merge-reshape-reshape", copy))
        .anySatisfy(e -> assertThat(e.reason()).contains("copies dim 0"));
  }

  @Test
  void aCopiedDimMergesWhenXHasItOrItIsStatic() {
    // NOTE: [N,3,4] → [N,12] → [N,2,6]: the 0 copies N, which is x's dim 0 as well.
    Model same = LocalRuleFixtures.reshapes(dyn(3, 4), new long[] {0, 12}, new long[] {0, 2, 6});
    simplify(same);
    assertThat(opSequence(same)).containsExactly("Reshape", "Relu");
    assertThat(longs(first(same, "Reshape").input(1))).containsExactly(0, 2, 6);
    assertThat(first(same, "Reshape").input(0).name()).isEqualTo("x");
    // NOTE: [2,3,4] → [6,4] → [0,2,2]: the 0 copies the intermediate's static 6.
    Model fixed = LocalRuleFixtures.reshapes(Shape.of(2, 3, 4), new long[] {6, 4}, new long[] {0, 2, 2});
    simplify(fixed);
    assertThat(opSequence(fixed)).containsExactly("Reshape", "Relu");
    assertThat(longs(first(fixed, "Reshape").input(1))).containsExactly(6, 2, 2);
  }

  @Test
  void staticShapeChangesBecomeOneReshape() {
    Model m = LocalRuleFixtures.staticShapeChain();
    RewriteStats s = simplify(m);
    // NOTE: the Squeeze reads the graph input and keeps its form until the merges reach it.
    assertThat(s.applications("static-flatten-to-reshape")).isPositive();
    assertThat(s.applications("static-unsqueeze-to-reshape")).isPositive();
    assertThat(opSequence(m)).containsExactly("Reshape", "Relu");
    // NOTE: [2,3,1] squeezed to [2,3], flattened at 0 to [1,6], unsqueezed at 0 to [1,1,6].
    assertThat(longs(first(m, "Reshape").input(1))).containsExactly(1, 1, 6);
  }

  @Test
  void aFlatteningReshapeOfDynamicShapeBecomesFlatten() {
    Model m = LocalRuleFixtures.reshape(dyn(3, 4), 0, -1);
    simplify(m);
    assertThat(opSequence(m)).containsExactly("Flatten", "Relu");
    assertThat(first(m, "Flatten").intAttribute("axis", -1)).isEqualTo(1);
    // NOTE: [N,3,4] to [-1, 4]: the static suffix [4] starts at axis 2.
    Model suffix = LocalRuleFixtures.reshape(dyn(3, 4), -1, 4);
    simplify(suffix);
    assertThat(first(suffix, "Flatten").intAttribute("axis", -1)).isEqualTo(2);
  }

  @Test
  void aFlatteningReshapeOfStaticShapeBecomesFlattenToo() {
    // NOTE: [2,3,4] to [6, 4]: prefix [2,3] and suffix [4], axis 2.
    Model m = LocalRuleFixtures.reshape(Shape.of(2, 3, 4), 6, 4);
    simplify(m);
    assertThat(opSequence(m)).containsExactly("Flatten", "Relu");
    assertThat(first(m, "Flatten").intAttribute("axis", -1)).isEqualTo(2);
  }

  @Test
  void aLoneStaticFlattenKeepsItsForm() {
    Model m = LocalRuleFixtures.flatten(Shape.of(2, 3, 4), 1);
    assertThat(whyNot(m, "static-flatten-to-reshape")).contains("does not come from a shape change");
  }

  @Test
  void reshapesThatAreNotAFlattenOfDynamicShapeStay() {
    // NOTE: a prefix of product 3 would need the dynamic N.
    assertThat(whyNot(LocalRuleFixtures.reshape(dyn(3, 4), 3, -1), "reshape-to-flatten")).contains("not a Flatten");
    assertThat(whyNot(LocalRuleFixtures.reshape(dyn(3, 4), 0, 3, -1), "reshape-to-flatten")).contains("rank 2");
  }

  @Test
  void aRank2FlattenAtAxis1Disappears() {
    Model m = LocalRuleFixtures.flatten(dyn(4), 1);
    simplify(m);
    assertThat(opSequence(m)).containsExactly("Relu");
    assertThat(whyNot(LocalRuleFixtures.flatten(dyn(4), 0), "eliminate-noop-flatten")).contains("axis 0");
    assertThat(whyNot(LocalRuleFixtures.flatten(dyn(4, 2), 1), "eliminate-noop-flatten")).contains("rank 3");
  }

  @Test
  void aReshapeMergingSpatialDimsBeforeAGlobalPoolGoes() {
    for (String pool : List.of("GlobalAveragePool", "GlobalMaxPool")) {
      Model m = LocalRuleFixtures.reshapePool(dyn(8, 4, 4), new long[] {0, 8, -1}, pool, 1L);
      simplify(m);
      assertThat(opSequence(m)).containsExactly(pool, "Flatten", "Relu");
      assertThat(first(m, pool).input(0).name()).isEqualTo("x");
    }
    Model fixed = LocalRuleFixtures.reshapePool(Shape.of(2, 8, 4, 4), new long[] {2, 8, 16}, "GlobalAveragePool", 1L);
    simplify(fixed);
    assertThat(opSequence(fixed)).containsExactly("GlobalAveragePool", "Flatten", "Relu");
    // NOTE: the pool now reads x directly: its result is [2,8,1,1], not the [2,8,1] of the value it
    // replaced (only the Flatten erases the difference), so it must not inherit that type.
    assertThat(first(fixed, "GlobalAveragePool").output(0).shape().orElseThrow()).isEqualTo(Shape.of(2, 8, 1, 1));
    Model reshapeAfter = LocalRuleFixtures.reshapePool(dyn(8, 2, 3, 2), new long[] {0, 8, 6, 2}, "GlobalMaxPool", null);
    simplify(reshapeAfter);
    assertThat(opSequence(reshapeAfter)).containsExactly("GlobalMaxPool", "Flatten", "Relu");
  }

  @Test
  void aComputedReshapeBeforeAGlobalPoolGoesWhenItsInferredShapeKeepsNAndC() {
    Model m = LocalRuleFixtures.computedReshapePool();
    assertThat(simplify(m).applications("drop-reshape-before-global-average-pool")).isEqualTo(1);
    assertThat(first(m, "GlobalAveragePool").input(0).name()).isEqualTo("x");
    assertThat(opSequence(m)).doesNotContain("Reshape");
  }

  @Test
  void aReshapeBeforeAGlobalPoolStaysWhenItMovesChannelsOrTheReaderSeesTheRank() {
    assertThat(whyNot(LocalRuleFixtures.reshapePool(dyn(8, 4, 4), new long[] {0, 4, -1}, "GlobalAveragePool", 1L),
        "drop-reshape-before-global-average-pool")).contains("dims 0 and 1");
    // NOTE: Flatten(axis=-2) is axis 1 at rank 3 ([N, 8]) but axis 2 at rank 4 ([8N, 1]).
    assertThat(whyNot(LocalRuleFixtures.reshapePool(dyn(8, 4, 4), new long[] {0, 8, -1}, "GlobalAveragePool", -2L),
        "drop-reshape-before-global-average-pool")).contains("axis -2");
    Model shared = LocalRuleFixtures.reshapePool(dyn(8, 4, 4), new long[] {0, 8, -1}, "GlobalAveragePool", 1L);
    shared.graph().addOutput(first(shared, "GlobalAveragePool").output(0));
    assertThat(whyNot(shared, "drop-reshape-before-global-average-pool")).contains("graph output");
  }

  @Test
  void aReduceMeanStopsKeepingDimsItsReaderDrops() {
    Shape x = Shape.of(N, Dim.of(8), Dim.of(4), Dim.of(4));
    for (String outer : List.of("Reshape:0,8", "Reshape:-1,8", "Flatten:1", "Flatten:-3", "Squeeze:2,3", "Squeeze:-1,-2")) {
      for (long opset : new long[] {13, 18}) {
        Model m = LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, outer, opset);
        simplify(m);
        assertThat(opSequence(m)).as(outer + " at " + opset).containsExactly("ReduceMean", "Relu");
        assertThat(first(m, "ReduceMean").intAttribute("keepdims", 1)).isZero();
        assertThat(first(m, "ReduceMean").input(0).name()).isEqualTo("x");
      }
    }
    // NOTE: reduced over 1 and 3, [N,1,4,1]: Flatten at 2 is [N, 4], the kept dims.
    Model middle = LocalRuleFixtures.reduceMeanThen(x, new long[] {1, 3}, "Flatten:2", 18);
    simplify(middle);
    assertThat(opSequence(middle)).containsExactly("ReduceMean", "Relu");
    // NOTE: the mobilenet classifier head: static, allowzero off, [1, 576].
    Model fixed = LocalRuleFixtures.reduceMeanThen(Shape.of(1, 6, 7, 7), new long[] {-1, -2}, "Reshape:1,6", 18);
    simplify(fixed);
    assertThat(opSequence(fixed)).containsExactly("ReduceMean", "Relu");
  }

  @Test
  void aReduceMeanKeepsItsDimsWhenTheReaderDoesMore() {
    Shape x = Shape.of(N, Dim.of(8), Dim.of(4), Dim.of(4));
    // NOTE: [N,8,1,1] to [N,8,1]: one 1 stays; Flatten at 3 gives [8N, 1]; Squeeze of axis 3 only.
    assertThat(whyNot(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Reshape:0,8,1", 18), "fold-reshape-into-reduce-mean"))
        .contains("kept dims");
    assertThat(whyNot(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Flatten:3", 18), "fold-flatten-into-reduce-mean"))
        .contains("does not split");
    assertThat(whyNot(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Squeeze:3", 18), "fold-squeeze-into-reduce-mean"))
        .contains("not the reduced axes");
    // NOTE: 0 at index 1 copies dim 1 of [N,1,4,1] (reduced over 1 and 3), a 1, not the kept 4
    // (the model would not run; the rule must still refuse).
    assertThat(whyNot(LocalRuleFixtures.reduceMeanThen(x, new long[] {1, 3}, "Reshape:0,0", 18), "fold-reshape-into-reduce-mean"))
        .contains("not the kept dims");
  }

  @Test
  void aSqueezeAndAnUnsqueezeOfTheSameAxesCancel() {
    // NOTE: [N,4] → Unsqueeze [1] → [N,1,4] → Squeeze [-2] (= 1 at rank 3): x again.
    Model a = LocalRuleFixtures.squeezePair(dyn(4), "Unsqueeze", new long[] {1}, "Squeeze", new long[] {-2}, 13);
    assertThat(simplify(a).applications("cancel-unsqueeze-squeeze")).isEqualTo(1);
    assertThat(opSequence(a)).containsExactly("Relu");
    Model b = LocalRuleFixtures.squeezePair(Shape.of(N, Dim.of(1), Dim.of(4)), "Squeeze", new long[] {1}, "Unsqueeze", new long[] {1}, 11);
    simplify(b);
    assertThat(opSequence(b)).containsExactly("Relu");
    // NOTE: [N,1,4] → Squeeze [1] → [N,4] → Unsqueeze [2] → [N,4,1]: not x.
    assertThat(whyNot(LocalRuleFixtures.squeezePair(Shape.of(N, Dim.of(1), Dim.of(4)), "Squeeze", new long[] {1}, "Unsqueeze",
        new long[] {2}, 13), "cancel-squeeze-unsqueeze")).contains("differ");
  }


}
