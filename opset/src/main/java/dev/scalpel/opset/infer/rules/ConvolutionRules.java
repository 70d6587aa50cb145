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
 * Convolutions: Conv, ConvInteger, QLinearConv, DeformConv, ConvTranspose and the stateful
 * depthwise CausalConvWithState. The output is
 * {@code [N, M, spatial...]} with M from the weight's first dim (times group for ConvTranspose)
 * and the spatial extents from {@link WindowGeometry}, symbolic where the input's are.
 */
public final class ConvolutionRules {
  private ConvolutionRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Conv", 1, ctx -> conv(ctx, 0, 1, ctx.inputElementType(0)));
    b.add("ConvInteger", 10, ctx -> conv(ctx, 0, 1, Optional.of(DataType.INT32)));
    b.add("QLinearConv", 10, ctx -> conv(ctx, 0, 3, ctx.inputElementType(7)));
    b.add("DeformConv", 19, ctx -> conv(ctx, 0, 1, ctx.inputElementType(0)));
    b.add("ConvTranspose", 1, ConvolutionRules::convTranspose);
    b.add("CausalConvWithState", 27, ConvolutionRules::causalConvWithState);
  }

  /**
   * CausalConvWithState: the output like the input {@code (N, C, L)}; present_state {@code (N, C,
   * k-1)} with k the kernel size, the weight's last dim.
   */
  static void causalConvWithState(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    ctx.setOutput(0, type.get(), x.orElse(null));
    if (!ctx.hasOutput(1)) {
      return;
    }
    SymExpr k = ctx.inputShape(1).filter(w -> w.rank() == 3).map(w -> w.dim(2)).orElse(null);
    SymExpr batch = x.filter(s -> s.rank() == 3).map(s -> s.dim(0)).orElse(null);
    SymExpr channels = x.filter(s -> s.rank() == 3).map(s -> s.dim(1)).orElse(null);
    ctx.setOutput(1, type.get(), SymShape.of(batch, channels, k == null ? null : k.minus(1)));
  }

  /** The kernel extents: the kernel_shape attribute, else the weight's spatial dims. */
  private static Optional<long[]> kernel(InferenceContext ctx, Optional<SymShape> weight, int spatialRank) {
    Optional<List<Long>> attr = ctx.intsAttribute("kernel_shape");
    if (attr.isPresent()) {
      return Optional.of(attr.get().stream().mapToLong(Long::longValue).toArray());
    }
    if (weight.isEmpty() || weight.get().rank() != spatialRank + 2) {
      return Optional.empty();
    }
    long[] k = new long[spatialRank];
    for (int i = 0; i < spatialRank; i++) {
      SymExpr d = weight.get().dim(i + 2);
      if (d == null || !d.isConstant()) {
        return Optional.empty();
      }
      k[i] = d.constantValue();
    }
    return Optional.of(k);
  }

  static void conv(InferenceContext ctx, int xIndex, int wIndex, Optional<DataType> type) {
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(xIndex);
    Optional<SymShape> w = ctx.inputShape(wIndex);
    int rank = x.map(SymShape::rank).or(() -> w.map(SymShape::rank)).orElse(-1);
    if (rank < 0) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    if (rank < 3) {
      ctx.fail("convolution input of rank " + rank + " has no spatial dims");
      return;
    }
    List<SymExpr> out = new ArrayList<>();
    out.add(x.map(s -> s.dim(0)).orElse(null));
    out.add(w.map(s -> s.dim(0)).orElse(null));
    Optional<long[]> k = kernel(ctx, w, rank - 2);
    if (k.isPresent() && x.isPresent()) {
      List<SymExpr> spatial = WindowGeometry.of(ctx, k.get()).outputSizes(x.get().dims().subList(2, rank));
      ctx.requirePositive(spatial);
      out.addAll(spatial);
    } else {
      out.addAll(SymShape.unknownDims(rank - 2).dims());
    }
    ctx.setOutput(0, type.get(), SymShape.of(out));
  }

  static void convTranspose(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    Optional<SymShape> w = ctx.inputShape(1);
    int rank = x.map(SymShape::rank).or(() -> w.map(SymShape::rank)).orElse(-1);
    if (rank < 0) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    if (rank < 3) {
      ctx.fail("convolution input of rank " + rank + " has no spatial dims");
      return;
    }
    int spatial = rank - 2;
    List<SymExpr> out = new ArrayList<>();
    out.add(x.map(s -> s.dim(0)).orElse(null));
    SymExpr perGroup = w.map(s -> s.dim(1)).orElse(null);
    out.add(perGroup == null ? null : perGroup.times(ctx.intAttribute("group", 1)));
    Optional<List<Long>> outputShape = ctx.intsAttribute("output_shape");
    Optional<long[]> k = kernel(ctx, w, spatial);
    if (outputShape.isPresent() && outputShape.get().size() >= spatial) {
      // NOTE: output_shape may list all dims or only the spatial ones; the last ones are spatial.
      List<Long> s = outputShape.get();
      for (int i = s.size() - spatial; i < s.size(); i++) {
        out.add(SymExpr.of(s.get(i)));
      }
    } else if (k.isPresent() && x.isPresent()) {
      long[] outputPadding = new long[spatial];
      List<Long> op = ctx.intsAttribute("output_padding").orElse(List.of());
      for (int i = 0; i < spatial && op.size() == spatial; i++) {
        outputPadding[i] = op.get(i);
      }
      out.addAll(WindowGeometry.of(ctx, k.get()).transposedSizes(x.get().dims().subList(2, rank), outputPadding));
    } else {
      out.addAll(SymShape.unknownDims(spatial).dims());
    }
    ctx.setOutput(0, type.get(), SymShape.of(out));
  }
}
