package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What shape inference records as {@link DimRequirement}s, and what they say at given sizes. */
class DimRequirementTest {
  private static SymExpr sym(String name) {
    return SymExpr.symbol(name);
  }

  @Test
  void holdsAtFollowsEachKind() {
    DimRequirement equal = new DimRequirement(DimRequirement.Kind.EQUAL, "n", List.of(sym("h").floorDiv(32).times(2), sym("h").floorDiv(16)));
    assertThat(equal.holdsAt(Map.of("h", 64L))).contains(true);   // 2*2 = 4
    assertThat(equal.holdsAt(Map.of("h", 48L))).contains(false);  // 2*1 != 3
    assertThat(equal.holdsAt(Map.of("w", 48L))).isEmpty();

    DimRequirement broadcast = new DimRequirement(DimRequirement.Kind.BROADCASTABLE, "n", List.of(sym("a"), sym("b")));
    assertThat(broadcast.holdsAt(Map.of("a", 1L, "b", 7L))).contains(true);
    assertThat(broadcast.holdsAt(Map.of("a", 7L, "b", 7L))).contains(true);
    assertThat(broadcast.holdsAt(Map.of("a", 6L, "b", 7L))).contains(false);

    DimRequirement positive = new DimRequirement(DimRequirement.Kind.POSITIVE, "n", List.of(sym("n").minus(10).floorDiv(5).plus(1)));
    assertThat(positive.holdsAt(Map.of("n", 10L))).contains(true);   // floor(0/5)+1 = 1
    assertThat(positive.holdsAt(Map.of("n", 9L))).contains(false);   // floor(-1/5)+1 = 0
  }

  @Test
  void inferenceRecordsBroadcastsConcatsMatMulsAndWindowExtents() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(4)));
    Value y = b.input("y", DataType.FLOAT, Shape.of(Dim.of("m"), Dim.of(4)));
    Value one = b.input("one", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of(4)));
    Value sum = b.op("Add", x, y);
    Value same = b.op("Add", x, one);
    Value cat = b.op("Concat", List.of(x, b.op("Transpose", List.of(y), Attribute.ofInts("perm", 1, 0))), Attribute.of("axis", 0L));
    Value mm = b.op("MatMul", b.op("Transpose", List.of(x), Attribute.ofInts("perm", 1, 0)), y);
    Value img = b.input("img", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of(1), Dim.of("h")));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {1, 1, 3}, 1f, 1f, 1f));
    Value conv = b.op("Conv", List.of(img, w), Attribute.ofInts("kernel_shape", 3), Attribute.ofInts("strides", 2));
    b.output(sum, same, cat, mm, conv);

    List<DimRequirement> reqs = ShapeInference.run(b.model()).requirements();

    assertThat(reqs).extracting(DimRequirement::toString).containsExactlyInAnyOrder(
        sum.producer().describe() + ": [n, m] equal or 1",
        // Concat along axis 0 of [n,4] and [4,m]: dim 1 must agree.
        cat.producer().describe() + ": [4, m] equal",
        // MatMul of [4,n] and [m,4]: the inner dims.
        mm.producer().describe() + ": [n, m] equal",
        conv.producer().describe() + ": [floor((h-3)/2)+1] at least 1");
  }

  @Test
  void upsampleByComputedScalesKeepsTheSymbolsForTheConcatAfterIt() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of(1), Dim.of("h"), Dim.of(4)));
    Value skip = b.input("skip", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of(1), Dim.of("g"), Dim.of(8)));
    Value scales = b.op("Concat", List.of(b.constant(DenseTensor.ofFloats("a", new long[] {2}, 1f, 1f)),
        b.constant(DenseTensor.ofFloats("b", new long[] {2}, 2f, 2f))), Attribute.of("axis", 0L));
    Value up = b.node("Resize", java.util.Arrays.asList(x, null, scales), 1, Attribute.of("mode", "nearest")).output(0);
    Value cat = b.op("Concat", List.of(up, skip), Attribute.of("axis", 1L));
    b.output(cat);

    List<DimRequirement> reqs = ShapeInference.run(b.model()).requirements();

    assertThat(up.type().toString()).contains("[1,1,2*h,8]");
    assertThat(reqs).extracting(DimRequirement::toString).containsExactly(cat.producer().describe() + ": [2*h, g] equal");
  }

  @Test
  void bodiesThatMayNotRunRecordNothing() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n")));
    Value y = b.input("y", DataType.FLOAT, Shape.of(Dim.of("m")));
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Add", x, y));
    GraphBuilder other = b.subgraph("else");
    other.output(other.op("Identity", x));
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()), Attribute.of("else_branch", other.graph())));

    assertThat(ShapeInference.run(b.model()).requirements()).isEmpty();
  }
}
