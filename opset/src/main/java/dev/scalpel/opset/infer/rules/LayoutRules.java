package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operators that move data between dims: Transpose (reversed dims by default), DepthToSpace and
 * SpaceToDepth (channels against spatial blocks), Col2Im (columns back to an image), GridSample
 * (an image sampled at a grid of points) and AffineGrid (the grid of points an affine map sends an
 * image's pixels to).
 */
public final class LayoutRules {
  private LayoutRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Transpose", 1, LayoutRules::transpose);
    b.add("DepthToSpace", 1, LayoutRules::depthToSpace);
    b.add("SpaceToDepth", 1, LayoutRules::spaceToDepth);
    b.add("Col2Im", 18, LayoutRules::col2Im);
    b.add("GridSample", 16, LayoutRules::gridSample);
    b.add("AffineGrid", 20, LayoutRules::affineGrid);
  }

  /**
   * AffineGrid(theta [N, k, k+1], size [N, C, spatial...]) is [N, spatial..., k] with k the number
   * of spatial dims (2 or 3): the dims from the value of {@code size} where known.
   */
  static void affineGrid(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<PartialValue> size = ctx.inputValue(1);
    Optional<SymShape> sizeShape = ctx.inputShape(1);
    int length;
    if (size.isPresent()) {
      length = size.get().size();
    } else if (sizeShape.isPresent() && sizeShape.get().rank() == 1 && sizeShape.get().dim(0).isConstant()) {
      length = (int) sizeShape.get().dim(0).constantValue();
    } else {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    if (length != 4 && length != 5) {
      ctx.fail("AffineGrid size has " + length + " elements; it must be [N, C, H, W] or [N, C, D, H, W]");
      return;
    }
    List<SymExpr> dims = new ArrayList<>();
    SymExpr n = size.map(v -> v.get(0)).orElse(null);
    dims.add(n != null ? n : ctx.inputShape(0).map(s -> s.rank() > 0 ? s.dim(0) : null).orElse(null));
    for (int i = 2; i < length; i++) {
      int k = i;
      dims.add(size.map(v -> v.get(k)).orElse(null));
    }
    dims.add(SymExpr.of(length - 2));
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  static void transpose(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (in.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = in.get().rank();
    List<Long> perm = ctx.intsAttribute("perm").orElse(null);
    List<SymExpr> dims = new ArrayList<>(rank);
    if (perm == null) {
      for (int k = rank - 1; k >= 0; k--) {
        dims.add(in.get().dim(k));
      }
    } else {
      Optional<List<Integer>> p = TensorAxes.normalizeAll(TensorAxes.toArray(perm), rank);
      if (p.isEmpty() || perm.size() != rank) {
        ctx.fail("Transpose perm " + perm + " is not a permutation of rank " + rank);
        return;
      }
      p.get().forEach(k -> dims.add(in.get().dim(k)));
    }
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  /** [N, C/(b*b), H*b, W*b]. */
  static void depthToSpace(InferenceContext ctx) {
    blocks(ctx, false);
  }

  /** [N, C*b*b, H/b, W/b]. */
  static void spaceToDepth(InferenceContext ctx) {
    blocks(ctx, true);
  }

  private static void blocks(InferenceContext ctx, boolean toDepth) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> in = ctx.inputShape(0);
    long b = ctx.intAttribute("blocksize", 0);
    if (in.isEmpty() || b <= 0) {
      ctx.setOutput(0, type.get(), SymShape.unknownDims(4));
      return;
    }
    if (in.get().rank() != 4) {
      ctx.fail(ctx.node().opType() + " of rank " + in.get().rank() + ", not 4");
      return;
    }
    SymShape s = in.get();
    SymShape out = toDepth
        ? SymShape.of(s.dim(0), times(s.dim(1), b * b), divide(s.dim(2), b), divide(s.dim(3), b))
        : SymShape.of(s.dim(0), divide(s.dim(1), b * b), times(s.dim(2), b), times(s.dim(3), b));
    ctx.setOutput(0, type.get(), out);
  }

  private static SymExpr times(SymExpr d, long k) {
    return d == null ? null : d.times(k);
  }

  private static SymExpr divide(SymExpr d, long k) {
    return d == null ? null : d.divideExactly(SymExpr.of(k)).orElseGet(() -> d.floorDiv(k));
  }

  /**
   * prod(block_shape), or empty when an entry is not positive or the product overflows a long.
   * NOTE: an unchecked product wraps ([2^62 + 1, 4] gives 4), which would make C a wrong dim.
   */
  private static Optional<Long> blockSize(long[] block) {
    long prod = 1;
    for (long x : block) {
      if (x <= 0) {
        return Optional.empty();
      }
      try {
        prod = Math.multiplyExact(prod, x);
      } catch (ArithmeticException overflow) {
        return Optional.empty();
      }
    }
    return Optional.of(prod);
  }

  /** [N, C, image_shape...] where the input is [N, C * prod(block_shape), L]. */
  static void col2Im(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> in = ctx.inputShape(0);
    Optional<PartialValue> image = ctx.inputValue(1);
    Optional<long[]> block = ctx.inputLongs(2);
    int spatial = image.map(PartialValue::size).orElseGet(() -> ctx.inputVectorLength(1).orElse(-1));
    if (spatial < 0) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    List<SymExpr> dims = new ArrayList<>();
    SymExpr n = in.map(s -> s.dim(0)).orElse(null);
    SymExpr c = null;
    if (in.isPresent() && block.isPresent() && in.get().dim(1) != null) {
      c = blockSize(block.get()).map(prod -> divide(in.get().dim(1), prod)).orElse(null);
    }
    dims.add(n);
    dims.add(c);
    for (int k = 0; k < spatial; k++) {
      dims.add(image.isPresent() ? image.get().get(k) : null);
    }
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  /** [N, C, grid dims between the batch and the last]. */
  static void gridSample(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    Optional<SymShape> grid = ctx.inputShape(1);
    if (grid.isEmpty() || grid.get().rank() < 2) {
      ctx.setOutput(0, type.get(), x.map(s -> SymShape.unknownDims(s.rank())).orElse(null));
      return;
    }
    List<SymExpr> dims = new ArrayList<>();
    SymExpr n = x.map(s -> s.dim(0)).orElse(null);
    dims.add(n != null ? n : grid.get().dim(0));
    dims.add(x.map(s -> s.dim(1)).orElse(null));
    dims.addAll(grid.get().dims().subList(1, grid.get().rank() - 1));
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }
}
