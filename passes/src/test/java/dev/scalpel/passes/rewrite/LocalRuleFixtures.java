package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Small models for the local rewrite rules (fusions, shape-change merges, eliminations), shared by
 * the rule tests and the ONNX Runtime checks. Every model ends in a node after the rewritten part
 * so that no rewritten value is a graph output. "N" is a dynamic dim.
 */
public final class LocalRuleFixtures {
  private LocalRuleFixtures() {}

  private static final Dim N = new Dim.Symbolic("N");

  // ------------------------------------------------------------------ fusions

  /**
   * x[N,4] (or [3,4] when C has 3 rows) → Gemm(B, C?; α=2, β=0.5, transB?) → BN(5) → Relu. C
   * dims null means no C.
   */
  public static Model gemmBn(boolean transB, long[] cDims, DataType type) {
    GraphBuilder g = GraphBuilder.create(17);
    Dim m = cDims != null && cDims.length == 2 && cDims[0] > 1 ? new Dim.Static(cDims[0]) : N;
    Value x = g.input("x", type, Shape.of(m, new Dim.Static(4)));
    Random r = new Random(11);
    Value b = g.initializer("B", tensor(type, transB ? new long[] {5, 4} : new long[] {4, 5}, r, -1, 1));
    Value c = cDims == null ? null : g.initializer("C", tensor(type, cDims, r, -1, 1));
    Value y = g.op("Gemm", Arrays.asList(x, b, c), Attribute.of("alpha", 2f), Attribute.of("beta", 0.5f),
        Attribute.of("transB", transB ? 1L : 0L));
    g.output(g.op("Relu", batchNorm(g, y, 5, type, r)));
    return g.model();
  }

  /** x[N,4] (rank 2) or x[N,5,4] (rank 3) → MatMul(W[4,5]) → BN(5) → Relu. */
  public static Model matMulBn(int xRank, DataType type) {
    GraphBuilder g = GraphBuilder.create(17);
    Shape shape = xRank == 2 ? Shape.of(N, new Dim.Static(4)) : Shape.of(N, new Dim.Static(5), new Dim.Static(4));
    Value x = g.input("x", type, shape);
    Random r = new Random(12);
    Value y = g.op("MatMul", x, g.initializer("W", tensor(type, new long[] {4, 5}, r, -1, 1)));
    g.output(g.op("Relu", batchNorm(g, y, 5, type, r)));
    return g.model();
  }

  private static Value batchNorm(GraphBuilder g, Value y, long c, DataType type, Random r) {
    return g.op("BatchNormalization", Arrays.asList(y,
        g.initializer("gamma", tensor(type, new long[] {c}, r, 0.5, 2)),
        g.initializer("beta", tensor(type, new long[] {c}, r, -1, 1)),
        g.initializer("mean", tensor(type, new long[] {c}, r, -1, 1)),
        g.initializer("var", tensor(type, new long[] {c}, r, 0.1, 2))), Attribute.of("epsilon", 1e-3f));
  }

  /**
   * x[N,4] (or x[N,5,4] when {@code xRank} is 3) → MatMul(W[4,5]) → Add with a bias of {@code
   * biasDims}, the MatMul first or second → Relu.
   */
  public static Model matMulAdd(int xRank, long[] biasDims, boolean matMulFirst) {
    GraphBuilder g = GraphBuilder.create(17);
    Shape shape = xRank == 2 ? Shape.of(N, new Dim.Static(4)) : Shape.of(N, new Dim.Static(5), new Dim.Static(4));
    Value x = g.input("x", DataType.FLOAT, shape);
    Random r = new Random(13);
    Value y = g.op("MatMul", x, g.initializer("W", tensor(DataType.FLOAT, new long[] {4, 5}, r, -1, 1)));
    Value bias = g.initializer("bias", tensor(DataType.FLOAT, biasDims, r, -1, 1));
    g.output(g.op("Relu", matMulFirst ? g.op("Add", y, bias) : g.op("Add", bias, y)));
    return g.model();
  }

  /**
   * x[N,3,8,8] → Pad(pads, fill 0, mode) → Conv(W[4,3,3,3], b, pads=[1,1,1,1], auto_pad?) → Relu;
   * pads as an input (opset 17).
   */
  public static Model padConv(long[] pads, String mode, float fill, String autoPad) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(3), new Dim.Static(8), new Dim.Static(8)));
    Random r = new Random(14);
    Value padded = g.op("Pad", Arrays.asList(x, g.constant(DenseTensor.vector("pads", pads)),
        g.constant(DenseTensor.ofFloats("fill", new long[0], fill))), Attribute.of("mode", mode));
    Value w = g.initializer("W", tensor(DataType.FLOAT, new long[] {4, 3, 3, 3}, r, -1, 1));
    Value b = g.initializer("b", tensor(DataType.FLOAT, new long[] {4}, r, -1, 1));
    Value y = autoPad == null
        ? g.op("Conv", Arrays.asList(padded, w, b), Attribute.ofInts("kernel_shape", 3, 3), Attribute.ofInts("pads", 1, 1, 1, 1))
        : g.op("Conv", Arrays.asList(padded, w, b), Attribute.ofInts("kernel_shape", 3, 3), Attribute.of("auto_pad", autoPad));
    g.output(g.op("Relu", y));
    return g.model();
  }

  /** Opset 18: x[N,3,8,8] → Pad(pads [1,2,0,1], axes [2,3] or [-2,-1]) → Conv(W[4,3,3,3], dilation 2) → Relu. */
  public static Model padConvWithAxes(long[] axes) {
    GraphBuilder g = GraphBuilder.create(18);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(3), new Dim.Static(8), new Dim.Static(8)));
    Random r = new Random(15);
    Value padded = g.op("Pad", Arrays.asList(x, g.constant(DenseTensor.vector("pads", 1, 2, 0, 1)), null,
        g.constant(DenseTensor.vector("axes", axes))));
    Value w = g.initializer("W", tensor(DataType.FLOAT, new long[] {4, 3, 3, 3}, r, -1, 1));
    g.output(g.op("Relu", g.op("Conv", Arrays.asList(padded, w), Attribute.ofInts("dilations", 2, 2))));
    return g.model();
  }

  /** Opset 10 (pads as attributes): x[1,3,8,8] → Pad(pads) → Conv(W[4,3,3,3]) → Relu. */
  public static Model padConvOpset10(long[] pads) {
    GraphBuilder g = GraphBuilder.create(10);
    Value x = g.input("x", DataType.FLOAT, Shape.of(1, 3, 8, 8));
    Random r = new Random(16);
    Value padded = g.op("Pad", Arrays.asList(x), Attribute.ofInts("pads", pads));
    Value w = g.initializer("W", tensor(DataType.FLOAT, new long[] {4, 3, 3, 3}, r, -1, 1));
    g.output(g.op("Relu", g.op("Conv", Arrays.asList(padded, w), Attribute.ofInts("strides", 2, 2))));
    return g.model();
  }

  // ------------------------------------------------------------------ shape changes

  /** x of {@code shape} (null: unknown rank) → Unsqueeze(a1) → Unsqueeze(a2) → Relu, at {@code opset}. */
  public static Model unsqueezes(Shape shape, long[] a1, long[] a2, long opset) {
    GraphBuilder g = GraphBuilder.create(opset);
    Value x = g.input("x", new ValueType.TensorType(DataType.FLOAT, shape));
    g.output(g.op("Relu", squeezeLike(g, "Unsqueeze", squeezeLike(g, "Unsqueeze", x, a1, opset), a2, opset)));
    return g.model();
  }

  /** x of {@code shape} → Squeeze(a1) → Squeeze(a2) → Relu, at {@code opset}. */
  public static Model squeezes(Shape shape, long[] a1, long[] a2, long opset) {
    GraphBuilder g = GraphBuilder.create(opset);
    Value x = g.input("x", new ValueType.TensorType(DataType.FLOAT, shape));
    g.output(g.op("Relu", squeezeLike(g, "Squeeze", squeezeLike(g, "Squeeze", x, a1, opset), a2, opset)));
    return g.model();
  }

  private static Value squeezeLike(GraphBuilder g, String op, Value x, long[] axes, long opset) {
    if (opset < 13) {
      return g.op(op, Arrays.asList(x), Attribute.ofInts("axes", axes));
    }
    return g.op(op, x, g.constant(DenseTensor.vector("axes", axes)));
  }

  /** x of {@code shape} → {@code first}(a1) → {@code second}(a2) → Relu: a Squeeze/Unsqueeze pair. */
  public static Model squeezePair(Shape shape, String first, long[] a1, String second, long[] a2, long opset) {
    GraphBuilder g = GraphBuilder.create(opset);
    Value x = g.input("x", DataType.FLOAT, shape);
    g.output(g.op("Relu", squeezeLike(g, second, squeezeLike(g, first, x, a1, opset), a2, opset)));
    return g.model();
  }

  /** x[N,3,4] → Unsqueeze([1]) → Reshape(target) → Relu. */
  public static Model unsqueezeThenReshape(long... target) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(3), new Dim.Static(4)));
    Value u = g.op("Unsqueeze", x, g.constant(DenseTensor.vector("axes", 1)));
    g.output(g.op("Relu", g.op("Reshape", u, g.constant(DenseTensor.vector("target", target)))));
    return g.model();
  }

  /** x of {@code shape} → Reshape(first) → Reshape(second) → Relu. */
  public static Model reshapes(Shape shape, long[] first, long[] second) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape);
    Value r1 = g.op("Reshape", x, g.constant(DenseTensor.vector("first", first)));
    g.output(g.op("Relu", g.op("Reshape", r1, g.constant(DenseTensor.vector("second", second)))));
    return g.model();
  }

  /** x[2,3,1] → Squeeze([2]) → Flatten(axis=0) → Unsqueeze([0]) → Relu: static all along. */
  public static Model staticShapeChain() {
    GraphBuilder g = GraphBuilder.create(13);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 3, 1));
    Value s = g.op("Squeeze", x, g.constant(DenseTensor.vector("axes", 2)));
    Value f = g.op("Flatten", Arrays.asList(s), Attribute.of("axis", 0L));
    Value u = g.op("Unsqueeze", f, g.constant(DenseTensor.vector("axes", 0)));
    g.output(g.op("Relu", u));
    return g.model();
  }

  /** x of {@code shape} → Flatten(axis) → Relu. */
  public static Model flatten(Shape shape, long axis) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape);
    g.output(g.op("Relu", g.op("Flatten", Arrays.asList(x), Attribute.of("axis", axis))));
    return g.model();
  }

  /** x of {@code shape} → Reshape(target) → Relu. */
  public static Model reshape(Shape shape, long... target) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape);
    g.output(g.op("Relu", g.op("Reshape", x, g.constant(DenseTensor.vector("target", target)))));
    return g.model();
  }

  /**
   * x of {@code shape} → Reshape(target) → {@code pool} → Flatten(flattenAxis), or Reshape([0, −1])
   * when flattenAxis is null → Relu.
   */
  public static Model reshapePool(Shape shape, long[] target, String pool, Long flattenAxis) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape);
    Value r = g.op("Reshape", x, g.constant(DenseTensor.vector("target", target)));
    Value p = g.op(pool, r);
    Value f = flattenAxis == null
        ? g.op("Reshape", p, g.constant(DenseTensor.vector("flat", 0, -1)))
        : g.op("Flatten", Arrays.asList(p), Attribute.of("axis", flattenAxis.longValue()));
    g.output(g.op("Relu", f));
    return g.model();
  }

  /**
   * x of {@code shape} → ReduceMean(axes, keepdims=1) → {@code outer} → Relu; axes as an input at
   * opset 18, as an attribute at 13. The outer op is "Reshape:t0,t1,…", "Flatten:a" or "Squeeze:a0,a1,…".
   */
  public static Model reduceMeanThen(Shape shape, long[] axes, String outer, long opset) {
    GraphBuilder g = GraphBuilder.create(opset);
    Value x = g.input("x", DataType.FLOAT, shape);
    Value mean = opset >= 18
        ? g.op("ReduceMean", x, g.constant(DenseTensor.vector("axes", axes)))
        : g.op("ReduceMean", Arrays.asList(x), Attribute.ofInts("axes", axes));
    String[] parts = outer.split(":");
    long[] numbers = Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
    Value y = switch (parts[0]) {
      case "Reshape" -> g.op("Reshape", mean, g.constant(DenseTensor.vector("target", numbers)));
      case "Flatten" -> g.op("Flatten", Arrays.asList(mean), Attribute.of("axis", numbers[0]));
      default -> squeezeLike(g, "Squeeze", mean, numbers, opset);
    };
    g.output(g.op("Relu", y));
    return g.model();
  }

  // ------------------------------------------------------------------ eliminations

  /**
   * x[N,8,H,W] → Reshape to Concat(Slice(Shape(x), 0, 2), [−1]) (the TorchScript export of
   * {@code x.flatten(2)}) → GlobalAveragePool → Flatten → Relu.
   */
  public static Model computedReshapePool() {
    GraphBuilder g = GraphBuilder.create(12);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, Dim.of(8), Dim.of("H"), Dim.of("W")));
    Value leading = g.op("Slice", g.op("Shape", x), g.constant(DenseTensor.vector("zero", 0)),
        g.constant(DenseTensor.vector("two", 2)), g.constant(DenseTensor.vector("axis", 0)));
    Value target = g.op("Concat", Arrays.asList(leading, g.constant(DenseTensor.vector("rest", -1))), Attribute.of("axis", 0L));
    Value pooled = g.op("GlobalAveragePool", g.op("Reshape", x, target));
    g.output(g.op("Relu", g.op("Flatten", Arrays.asList(pooled), Attribute.of("axis", 1L))));
    return g.model();
  }

  /** x of {@code shape} → Slice(starts, ends, axes?, steps?) → Relu. */
  public static Model slice(Shape shape, long[] starts, long[] ends, long[] axes, long[] steps) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, shape);
    Value y = g.op("Slice", Arrays.asList(x, g.constant(DenseTensor.vector("starts", starts)),
        g.constant(DenseTensor.vector("ends", ends)), axes == null ? null : g.constant(DenseTensor.vector("axes", axes)),
        steps == null ? null : g.constant(DenseTensor.vector("steps", steps))));
    g.output(g.op("Relu", y));
    return g.model();
  }

  /** x[N,2,3,3] → Pad(pads, mode) → Relu; pads as an input (opset 17) or attribute (opset 10). */
  public static Model pad(long[] pads, String mode, long opset) {
    GraphBuilder g = GraphBuilder.create(opset);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(2), new Dim.Static(3), new Dim.Static(3)));
    Value y = opset < 11
        ? g.op("Pad", Arrays.asList(x), Attribute.ofInts("pads", pads), Attribute.of("mode", mode))
        : g.op("Pad", Arrays.asList(x, g.constant(DenseTensor.vector("pads", pads))), Attribute.of("mode", mode));
    g.output(g.op("Relu", y));
    return g.model();
  }

  /** x[N,4] → Expand(target) → Relu; target null: Expand(x, Shape(x)). */
  public static Model expand(long... target) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(4)));
    Value shape = target == null ? g.op("Shape", x) : g.constant(DenseTensor.vector("target", target));
    g.output(g.op("Relu", g.op("Expand", x, shape)));
    return g.model();
  }

  /** x[N,4] → Split(axis 1) into {@code parts} → Relu of each. */
  public static Model split(int parts) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(4)));
    for (Value part : g.ops("Split", parts, Arrays.asList(x), Attribute.of("axis", 1L))) {
      g.output(g.op("Relu", part));
    }
    return g.model();
  }

  /**
   * x[N,4] of {@code type} → {@code op}(x, c) (or (c, x) when {@code constantFirst}) with c of
   * {@code cDims} filled with {@code fill} → Abs.
   */
  public static Model neutral(String op, DataType type, long[] cDims, double fill, boolean constantFirst) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", type, Shape.of(N, new Dim.Static(4)));
    Value c = g.constant(filled(type, cDims, fill));
    g.output(g.op("Abs", constantFirst ? g.op(op, c, x) : g.op(op, x, c)));
    return g.model();
  }

  /** x[N,4] → Add(0) → Mul(1 first) → Sub(0) → Div(1) → Relu: every op goes. */
  public static Model neutralChain() {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, new Dim.Static(4)));
    Value a = g.op("Add", x, g.constant(filled(DataType.FLOAT, new long[] {4}, 0)));
    Value m = g.op("Mul", g.constant(filled(DataType.FLOAT, new long[] {1, 1}, 1)), a);
    Value s = g.op("Sub", m, g.constant(filled(DataType.FLOAT, new long[0], -0.0)));
    Value d = g.op("Div", s, g.constant(filled(DataType.FLOAT, new long[] {1, 4}, 1)));
    g.output(g.op("Relu", d));
    return g.model();
  }

  // ------------------------------------------------------------------ tensors

  static Tensor filled(DataType type, long[] dims, double value) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    double[] v = new double[(int) n];
    Arrays.fill(v, value);
    return of(type, dims, v);
  }

  private static Tensor tensor(DataType type, long[] dims, Random r, double lo, double hi) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * r.nextDouble();
    }
    return of(type, dims, v);
  }

  private static Tensor of(DataType type, long[] dims, double[] v) {
    ByteBuffer b = ByteBuffer.allocate((int) type.byteSize(v.length)).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      switch (type) {
        case FLOAT -> b.putFloat((float) d);
        case DOUBLE -> b.putDouble(d);
        case FLOAT16 -> b.putShort(HalfFloats.floatToHalf((float) d));
        case INT64 -> b.putLong((long) d);
        case INT32 -> b.putInt((int) d);
        default -> throw new IllegalArgumentException(type.toString());
      }
    }
    b.flip();
    return DenseTensor.wrap("", type, dims, b);
  }
}
