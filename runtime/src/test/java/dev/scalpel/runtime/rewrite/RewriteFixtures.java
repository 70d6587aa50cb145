package dev.scalpel.runtime.rewrite;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Arrays;
import java.util.Random;

/** Small models built in code, one per rewrite (a copy of the passes module's test fixtures). */
final class RewriteFixtures {
  private RewriteFixtures() {}

  /** x[N,3,8,8] → Conv(W[6,3/g,3,3], b?, group g) → BN → Relu → y. */
  public static Model convBn(boolean bias, long group, boolean transpose) {
    GraphBuilder g = GraphBuilder.create(17);
    long cin = transpose ? 4 : 3;
    Value x = g.input("x", DataType.FLOAT, Shape.of(new Dim.Symbolic("N"), new Dim.Static(cin), new Dim.Static(8), new Dim.Static(8)));
    long cout = 6;
    long[] wDims = transpose ? new long[] {cin, cout / group, 3, 3} : new long[] {cout, cin / group, 3, 3};
    Random r = new Random(7);
    Value w = g.initializer("W", floats("W", wDims, r, -1, 1));
    Value b = bias ? g.initializer("B", floats("B", new long[] {cout}, r, -1, 1)) : null;
    Value conv = g.op(transpose ? "ConvTranspose" : "Conv", Arrays.asList(x, w, b),
        Attribute.ofInts("kernel_shape", 3, 3), Attribute.of("group", group), Attribute.ofInts("pads", 1, 1, 1, 1));
    Value bn = g.op("BatchNormalization", Arrays.asList(conv,
        g.initializer("gamma", floats("gamma", new long[] {cout}, r, 0.5, 2)),
        g.initializer("beta", floats("beta", new long[] {cout}, r, -1, 1)),
        g.initializer("mean", floats("mean", new long[] {cout}, r, -1, 1)),
        g.initializer("var", floats("var", new long[] {cout}, r, 0.1, 2))), Attribute.of("epsilon", 1e-3f));
    g.output(g.op("Relu", bn));
    return g.model();
  }

  /** x[N,4] → Identity → Dropout → Concat(single) → Relu → y. */
  public static Model eliminations() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(new Dim.Symbolic("N"), new Dim.Static(4)));
    Value id = g.op("Identity", x);
    Value drop = g.op("Dropout", Arrays.asList(id, g.constant(DenseTensor.ofFloats("ratio", new long[0], 0.5f))));
    Value cat = g.op("Concat", Arrays.asList(drop), Attribute.of("axis", 0L));
    g.output(g.op("Relu", cat));
    return g.model();
  }

  /** x[2,3,4] → Transpose[1,0,2] → Transpose[2,0,1] → Transpose[0,1,2] → Relu → y. */
  public static Model transposes() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 3, 4));
    Value t1 = g.op("Transpose", Arrays.asList(x), Attribute.ofInts("perm", 1, 0, 2));
    Value t2 = g.op("Transpose", Arrays.asList(t1), Attribute.ofInts("perm", 2, 0, 1));
    Value t3 = g.op("Transpose", Arrays.asList(t2), Attribute.ofInts("perm", 0, 1, 2));
    g.output(g.op("Relu", t3));
    return g.model();
  }

  /** x[2,3] → Transpose[1,0] → Transpose[1,0] → Relu → y: the pair cancels. */
  public static Model cancellingTransposes() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 3));
    Value t1 = g.op("Transpose", Arrays.asList(x), Attribute.ofInts("perm", 1, 0));
    Value t2 = g.op("Transpose", Arrays.asList(t1), Attribute.ofInts("perm", 1, 0));
    g.output(g.op("Relu", t2));
    return g.model();
  }

  /** x[N,3,4] float → Cast(to float) → Reshape([0,3,-1]) → Cast(to int64) → y. */
  public static Model castAndReshape() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(new Dim.Symbolic("N"), new Dim.Static(3), new Dim.Static(4)));
    Value c = g.op("Cast", Arrays.asList(x), Attribute.of("to", (long) DataType.FLOAT.code()));
    Value r = g.op("Reshape", c, g.constant(DenseTensor.ofLongs("target", new long[] {3}, 0, 3, -1)));
    g.output(g.op("Cast", Arrays.asList(r), Attribute.of("to", (long) DataType.INT64.code())));
    return g.model();
  }

  private static DenseTensor floats(String name, long[] dims, Random r, double lo, double hi) {
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return DenseTensor.ofFloats(name, dims, v);
  }
}
