package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pooling: MaxPool (with its Indices output), AveragePool, LpPool, the global pools, MaxUnpool,
 * and the region pools MaxRoiPool and RoiAlign.
 */
public final class PoolingRules {
  private PoolingRules() {}

  public static void register(InferenceRules.Builder b) {
    b.addAll(PoolingRules::pool, "MaxPool", "AveragePool", "LpPool");
    b.addAll(PoolingRules::globalPool, "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool");
    b.add("MaxUnpool", 9, PoolingRules::maxUnpool);
    b.add("MaxRoiPool", 1, ctx -> roiPool(ctx, pooledShape(ctx)));
    b.add("RoiAlign", 10, ctx -> roiPool(ctx,
        new long[] {ctx.intAttribute("output_height", 1), ctx.intAttribute("output_width", 1)}));
  }

  static void pool(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    Optional<List<Long>> kernel = ctx.intsAttribute("kernel_shape");
    SymShape shape = null;
    if (x.isPresent() && kernel.isPresent()) {
      int rank = x.get().rank();
      if (rank != kernel.get().size() + 2) {
        ctx.fail("kernel_shape " + kernel.get() + " does not fit an input of rank " + rank);
        return;
      }
      long[] k = kernel.get().stream().mapToLong(Long::longValue).toArray();
      List<SymExpr> out = new ArrayList<>(x.get().dims().subList(0, 2));
      List<SymExpr> spatial = WindowGeometry.of(ctx, k).outputSizes(x.get().dims().subList(2, rank));
      ctx.requirePositive(spatial);
      out.addAll(spatial);
      shape = SymShape.of(out);
    } else if (x.isPresent()) {
      shape = SymShape.unknownDims(x.get().rank());
    }
    ctx.setOutput(0, type.get(), shape);
    if (ctx.hasOutput(1)) {
      ctx.setOutput(1, DataType.INT64, shape);
    }
  }

  static void globalPool(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    SymShape shape = ctx.inputShape(0).map(x -> {
      List<SymExpr> out = new ArrayList<>(x.dims().subList(0, Math.min(2, x.rank())));
      for (int i = 2; i < x.rank(); i++) {
        out.add(SymExpr.of(1));
      }
      return SymShape.of(out);
    }).orElse(null);
    ctx.setOutput(0, type.get(), shape);
  }

  static void maxUnpool(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    if (ctx.hasInput(2)) {
      SymShape shape = ctx.inputValue(2).map(v -> SymShape.of(v.elements()))
          .or(() -> ctx.inputVectorLength(2).isPresent()
              ? Optional.of(runtimeOutputShape(ctx, ctx.inputVectorLength(2).getAsInt())) : Optional.empty())
          .orElse(null);
      ctx.setOutput(0, type.get(), shape);
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    Optional<List<Long>> kernel = ctx.intsAttribute("kernel_shape");
    if (x.isEmpty() || kernel.isEmpty() || x.get().rank() != kernel.get().size() + 2) {
      ctx.setOutput(0, type.get(), x.map(s -> SymShape.unknownDims(s.rank())).orElse(null));
      return;
    }
    int rank = x.get().rank();
    long[] k = kernel.get().stream().mapToLong(Long::longValue).toArray();
    List<SymExpr> out = new ArrayList<>(x.get().dims().subList(0, 2));
    WindowGeometry g = WindowGeometry.of(ctx, k);
    out.addAll(g.transposedSizes(x.get().dims().subList(2, rank), new long[k.length]));
    ctx.setOutput(0, type.get(), SymShape.of(out));
  }

  /** An output_shape known only at run time: N and C are the input's, spatial dims fresh symbols. */
  private static SymShape runtimeOutputShape(InferenceContext ctx, int rank) {
    List<SymExpr> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      int axis = i;
      out.add(i < 2 ? ctx.inputShape(0).filter(x -> x.rank() == rank).map(x -> x.dim(axis)).orElse(null)
          : ctx.freshSymbol("unpooled"));
    }
    return SymShape.of(out);
  }

  private static long[] pooledShape(InferenceContext ctx) {
    List<Long> s = ctx.intsAttribute("pooled_shape").orElse(List.of());
    return s.size() == 2 ? new long[] {s.get(0), s.get(1)} : null;
  }

  /** {@code [num_rois, C, h, w]}: rois from input 1's first dim, channels from the input. */
  static void roiPool(InferenceContext ctx, long[] pooled) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    SymExpr rois = ctx.inputShape(1).filter(s -> s.rank() == 2).map(s -> s.dim(0)).orElse(null);
    SymExpr channels = ctx.inputShape(0).filter(s -> s.rank() == 4).map(s -> s.dim(1)).orElse(null);
    SymExpr h = pooled == null ? null : SymExpr.of(pooled[0]);
    SymExpr w = pooled == null ? null : SymExpr.of(pooled[1]);
    ctx.setOutput(0, type.get(), SymShape.of(rois, channels, h, w));
  }
}
