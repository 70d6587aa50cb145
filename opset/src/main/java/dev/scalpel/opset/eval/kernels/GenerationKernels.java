package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.SparseTensor;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * Operators that create tensors: Constant (every {@code value*} attribute), ConstantOfShape and
 * Range. ConstantOfShape and Range check the element budget before they allocate.
 */
public final class GenerationKernels {
  private GenerationKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("Constant", 1, GenerationKernels::constant);
    b.add("ConstantOfShape", 9, GenerationKernels::constantOfShape);
    b.add("Range", 11, GenerationKernels::range);
  }

  private static List<Tensor> constant(EvalContext ctx) {
    if (ctx.attributes().size() != 1) {
      throw ctx.fail("needs exactly one value attribute, has " + ctx.attributes().keySet());
    }
    Attribute a = ctx.attributes().values().iterator().next();
    if (a instanceof Attribute.SparseTensorAttr sparse && a.name().equals("sparse_value")) {
      return List.of(densify(ctx, sparse.value()));
    }
    Tensor t = Constants.ofAttribute(a, "")
        .orElseThrow(() -> ctx.fail("unknown or malformed value attribute '" + a.name() + "'"));
    return List.of(NdArray.read(ctx, t).toTensor());
  }

  /** A sparse tensor's values scattered into zeros; indices are linear (1-D) or coordinates (2-D). */
  private static Tensor densify(EvalContext ctx, SparseTensor sparse) {
    NdArray values = NdArray.read(ctx, sparse.values());
    long[] dims = sparse.dims().stream().mapToLong(Long::longValue).toArray();
    NdArray out = NdArray.allocate(ctx, values.type(), dims);
    long[] indices = sparse.indices().toLongArray();
    long[] strides = Strides.of(dims);
    int n = values.size();
    boolean coordinates = sparse.indices().dims().length == 2;
    for (int k = 0; k < n; k++) {
      long at = 0;
      if (coordinates) {
        for (int d = 0; d < dims.length; d++) {
          at += indices[k * dims.length + d] * strides[d];
        }
      } else {
        at = indices[k];
      }
      if (at < 0 || at >= out.size()) {
        throw ctx.fail("sparse index " + at + " is out of range");
      }
      out.copy(values, k, (int) at);
    }
    return out.toTensor();
  }

  private static List<Tensor> constantOfShape(EvalContext ctx) {
    long[] shape = ShapeKernels.indexInput(ctx, 0);
    NdArray value;
    if (ctx.attribute("value").isPresent()) {
      value = NdArray.read(ctx, ctx.attribute("value").get().asTensor());
      if (value.size() != 1) {
        throw ctx.fail("value must hold one element, holds " + value.size());
      }
    } else {
      value = NdArray.read(ctx, DenseTensor.ofFloats("", new long[] {1}, 0f));
    }
    for (long d : shape) {
      if (d < 0) {
        throw ctx.fail("shape has a negative dim " + d);
      }
    }
    NdArray out = NdArray.allocate(ctx, value.type(), shape);
    for (int k = 0; k < out.size(); k++) {
      out.copy(value, 0, k);
    }
    return List.of(out.toTensor());
  }

  private static List<Tensor> range(EvalContext ctx) {
    NdArray start = scalar(ctx, 0);
    NdArray limit = scalar(ctx, 1);
    NdArray delta = scalar(ctx, 2);
    Elementwise.requireSameType(ctx, start, limit);
    Elementwise.requireSameType(ctx, start, delta);
    ArithmeticKernels.requireNumeric(ctx, start);
    DataType type = start.type();
    if (start.kind() == NdArray.Kind.REAL) {
      double s = start.getDouble(0);
      double d = delta.getDouble(0);
      if (d == 0 || Double.isNaN(d)) {
        throw ctx.fail("delta must be non-zero");
      }
      double n = Math.ceil((limit.getDouble(0) - s) / d);
      long count = n > 0 ? (n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n) : 0;
      ctx.reserve(count);
      NdArray out = NdArray.allocate(ctx, type, new long[] {count});
      for (int i = 0; i < count; i++) {
        out.setDouble(i, s + i * d);
      }
      return List.of(out.toTensor());
    }
    long s = start.getLong(0);
    long d = delta.getLong(0);
    if (d == 0) {
      throw ctx.fail("delta must be non-zero");
    }
    // NOTE: exact ceil((limit - start) / delta) in integers; the span of int64 extremes would overflow.
    long span = limit.getLong(0) - s;
    long count = span / d + ((span % d != 0 && (span < 0) == (d < 0)) ? 1 : 0);
    count = Math.max(count, 0);
    ctx.reserve(count);
    NdArray out = NdArray.allocate(ctx, type, new long[] {count});
    for (int i = 0; i < count; i++) {
      out.setLong(i, s + i * d);
    }
    return List.of(out.toTensor());
  }

  private static NdArray scalar(EvalContext ctx, int input) {
    NdArray a = NdArray.read(ctx, ctx.input(input));
    if (a.size() != 1 || a.rank() > 1) {
      throw ctx.fail("input " + input + " must be a scalar");
    }
    return a;
  }
}
