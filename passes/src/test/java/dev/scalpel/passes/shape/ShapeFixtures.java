package dev.scalpel.passes.shape;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.List;

/**
 * Small models built in code for the constant, shape and CSE passes, shared by their unit tests and
 * the ONNX Runtime checks (through the passes test-jar). Every model has its outputs typed.
 */
public final class ShapeFixtures {
  private ShapeFixtures() {}

  private static Shape shape(Object... dims) {
    Dim[] d = new Dim[dims.length];
    for (int i = 0; i < dims.length; i++) {
      d[i] = dims[i] instanceof String s ? Dim.of(s) : Dim.of(((Number) dims[i]).longValue());
    }
    return Shape.of(d);
  }

  private static Model typed(GraphBuilder g) {
    Model m = g.model();
    ShapeInference.run(m);
    return m;
  }

  private static Value constant(GraphBuilder g, Attribute value) {
    return g.op("Constant", List.of(), value);
  }

  /**
   * x[N,4] combined with Constant nodes of every dense value form; one Constant is also a graph
   * output ({@code k}). 6 Constants, 6 other nodes.
   */
  public static Model constants() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape("N", 4));
    Value two = constant(g, Attribute.of("value_float", 2f));
    Value row = constant(g, Attribute.ofFloats("value_floats", 1f, 2f, 3f, 4f));
    Value target = constant(g, Attribute.ofInts("value_ints", -1, 2));
    Value index = constant(g, Attribute.of("value_int", 1L));
    Value tensor = constant(g, Attribute.of("value", DenseTensor.ofFloats("t", new long[] {1, 4}, 0.5f, 0.25f, 1f, 2f)));
    Value label = constant(g, new Attribute.StringsAttr("value_strings", List.of("a", "b"), Unmodeled.NONE));
    Value y = g.op("Mul", g.op("Add", g.op("Mul", x, two), row), tensor);
    Value z = g.op("Reshape", y, target);
    Value w = g.op("Gather", List.of(x, index), Attribute.of("axis", 1L));
    Value s = g.op("Shape", label);
    g.output(z, w, row, s);
    return typed(g);
  }

  /**
   * x[N,S,8] through computed Reshape targets: to [N,S,2,4] (copies), to [N*S,8] (one -1, proved by
   * the element count), the view(-1) idiom Where(Equal(shape, -1), 1, shape) into a no-op Expand,
   * and a Reshape whose target cannot be proved ([N, S*8] after [N,S,2,4] needs copies and -1).
   * Reshapes use {@code allowzero} when {@code allowZero} (opset 14).
   */
  public static Model reshapeChains(boolean allowZero) {
    GraphBuilder g = GraphBuilder.create(14);
    Value x = g.input("x", DataType.FLOAT, shape("N", "S", 8));
    Value sh = g.op("Shape", x);
    Value n = g.op("Unsqueeze", g.op("Gather", List.of(sh, g.constant(DenseTensor.ofLongs("i0", new long[0], 0))),
        Attribute.of("axis", 0L)), g.constant(DenseTensor.vector("ax", 0)));
    Value s = g.op("Unsqueeze", g.op("Gather", List.of(sh, g.constant(DenseTensor.ofLongs("i1", new long[0], 1))),
        Attribute.of("axis", 0L)), g.constant(DenseTensor.vector("ax", 0)));
    Attribute az = Attribute.of("allowzero", allowZero ? 1L : 0L);
    Value heads = g.op("Concat", List.of(n, s, g.constant(DenseTensor.vector("h", 2)), g.constant(DenseTensor.vector("d", 4))),
        Attribute.of("axis", 0L));
    Value y1 = g.op("Reshape", List.of(x, heads), az);
    Value rows = g.op("Concat", List.of(g.op("Mul", n, s), g.constant(DenseTensor.vector("e", 8))), Attribute.of("axis", 0L));
    Value y2 = g.op("Reshape", List.of(x, rows), az);
    Value isMinusOne = g.op("Equal", sh, g.constant(DenseTensor.vector("m", -1, -1, -1)));
    Value target = g.op("Where", isMinusOne, g.constant(DenseTensor.vector("o", 1, 1, 1)), sh);
    Value y3 = g.op("Relu", g.op("Expand", x, target));
    Value wide = g.op("Concat", List.of(n, g.op("Mul", s, g.constant(DenseTensor.vector("k", 8)))), Attribute.of("axis", 0L));
    Value y4 = g.op("Reshape", List.of(y1, wide), az);
    g.output(y1, y2, y3, y4);
    return typed(g);
  }

  /**
   * The padding-mask indexing of transformers' vmapped mask functions, as the legacy exporter
   * writes it (Gather of a flattened mask by b*S+s) and as the dynamo exporter does (GatherND by
   * stacked Range grids): both only read mask[b, s] as [B,1,1,S].
   */
  public static Model maskIndexing() {
    return maskIndexing(true);
  }

  /**
   * {@link #maskIndexing()}, or with {@code rowMajor} false the legacy Gather indexes by s*B+b
   * (column-major: a real permutation, not the mask's own order) and the GatherND stacks (s, b).
   */
  public static Model maskIndexing(boolean rowMajor) {
    GraphBuilder g = GraphBuilder.create(14);
    Value mask = g.input("mask", DataType.INT64, shape("B", "S"));
    Value sh = g.op("Shape", mask);
    Value b = g.op("Gather", List.of(sh, g.constant(DenseTensor.ofLongs("i0", new long[0], 0))), Attribute.of("axis", 0L));
    Value s = g.op("Gather", List.of(sh, g.constant(DenseTensor.ofLongs("i1", new long[0], 1))), Attribute.of("axis", 0L));
    Value zero = g.constant(DenseTensor.ofLongs("zero", new long[0], 0));
    Value one = g.constant(DenseTensor.ofLongs("one", new long[0], 1));
    Value rb = g.op("Range", zero, b, one);
    Value rs = g.op("Range", zero, s, one);
    Value bGrid = g.op("Unsqueeze", rb, g.constant(DenseTensor.vector("a", 1, 2, 3)));
    Value sGrid = g.op("Unsqueeze", rs, g.constant(DenseTensor.vector("a", 0, 1, 2)));
    Value flatIndex = rowMajor
        ? g.op("Add", sGrid, g.op("Mul", bGrid, g.op("Unsqueeze", s, g.constant(DenseTensor.vector("a", 0)))))
        : g.op("Add", bGrid, g.op("Mul", sGrid, g.op("Unsqueeze", b, g.constant(DenseTensor.vector("a", 0)))));
    Value flat = g.op("Flatten", List.of(g.op("Cast", List.of(mask), Attribute.of("to", (long) DataType.BOOL.code()))),
        Attribute.of("axis", 2L));
    Value gathered = g.op("Gather", List.of(flat, flatIndex), Attribute.of("axis", 0L));
    Value legacy = g.op("Reshape", g.op("Reshape", gathered, g.constant(DenseTensor.vector("m1", -1))), g.op("Shape", flatIndex));
    Value grid = g.op("Shape", g.op("Max", bGrid, sGrid));
    Value bIdx = g.op("Unsqueeze", g.op("Expand", bGrid, grid), g.constant(DenseTensor.vector("a", -1)));
    Value sIdx = g.op("Unsqueeze", g.op("Expand", sGrid, grid), g.constant(DenseTensor.vector("a", -1)));
    Value stacked = g.op("Concat", rowMajor ? List.of(bIdx, sIdx) : List.of(sIdx, bIdx), Attribute.of("axis", -1L));
    Value dynamo = g.op("Neg", g.op("GatherND", mask, stacked));
    g.output(legacy, dynamo);
    return typed(g);
  }

  /**
   * x[N,4]: two identical Relu, two Mul by equal (separately stored) constants, two Adds of them,
   * two random ops that must stay apart, and a duplicate whose output is a graph output.
   */
  public static Model commonSubexpressions() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape("N", 4));
    Value a = g.op("Relu", x);
    Value b = g.op("Relu", x);
    Value ma = g.op("Mul", a, g.constant(DenseTensor.ofFloats("c", new long[0], 3f)));
    Value mb = g.op("Mul", b, g.constant(DenseTensor.ofFloats("c", new long[0], 3f)));
    Value sum = g.op("Add", ma, mb);
    Value r1 = g.op("RandomUniformLike", List.of(x), Attribute.of("seed", 1f));
    Value r2 = g.op("RandomUniformLike", List.of(x), Attribute.of("seed", 1f));
    Value exposed = g.op("Relu", x);
    g.output(sum, g.op("Shape", g.op("Add", r1, r2)), exposed);
    return typed(g);
  }

  /**
   * If(cond) over x[N,4]: the then-branch adds and multiplies by Constant nodes and computes Relu(x)
   * twice; the else-branch returns a Constant directly (a branch output, which stays a node).
   */
  public static Model constantsInBranches() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape("N", 4));
    Value cond = g.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = g.subgraph("then");
    Value row = constant(then, Attribute.ofFloats("value_floats", 1f, 2f, 3f, 4f));
    Value two = constant(then, Attribute.of("value_float", 2f));
    Value sum = then.op("Add", then.op("Relu", x), then.op("Relu", x));
    then.output(then.op("Mul", then.op("Add", sum, row), two));
    GraphBuilder otherwise = g.subgraph("else");
    otherwise.output(constant(otherwise, Attribute.of("value",
        DenseTensor.ofFloats("k", new long[] {1, 4}, 4f, 3f, 2f, 1f))));
    Value y = g.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph()));
    g.output(y);
    return typed(g);
  }

  /**
   * x[B,4,S,16] transposed in its last two dims the dynamo way (merge b*h, Transpose, split back,
   * both targets computed from Shape), and c[1,8,2,2] channel-shuffled (split, Transpose, merge),
   * which does not move whole groups of axes and must stay. Relu after each.
   */
  public static Model reshapeTransposeReshape() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape("B", 4, "S", 16));
    Value sh = g.op("Shape", x);
    Value seq = g.op("Slice", sh, g.constant(DenseTensor.vector("a", -2)), g.constant(DenseTensor.vector("b", -1)));
    Value lead = g.op("Slice", sh, g.constant(DenseTensor.vector("a", 0)), g.constant(DenseTensor.vector("b", -2)));
    Value merged = g.op("Reshape", x, g.op("Concat", List.of(g.constant(DenseTensor.vector("m", -1)), seq,
        g.constant(DenseTensor.vector("d", 16))), Attribute.of("axis", 0L)));
    Value swapped = g.op("Transpose", List.of(merged), Attribute.ofInts("perm", 0, 2, 1));
    Value split = g.op("Reshape", swapped, g.op("Concat", List.of(lead, g.constant(DenseTensor.vector("d", 16)), seq),
        Attribute.of("axis", 0L)));
    Value c = g.input("c", DataType.FLOAT, shape(1, 8, 2, 2));
    Value groups = g.op("Reshape", c, g.constant(DenseTensor.vector("t", 1, 2, 4, 2, 2)));
    Value shuffled = g.op("Transpose", List.of(groups), Attribute.ofInts("perm", 0, 2, 1, 3, 4));
    Value back = g.op("Reshape", shuffled, g.constant(DenseTensor.vector("t", 1, 8, 2, 2)));
    g.output(g.op("Relu", split), g.op("Relu", back));
    return typed(g);
  }
}
