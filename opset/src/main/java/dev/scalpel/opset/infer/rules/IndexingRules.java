package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operators that read or write a tensor at given indices: Gather, GatherElements, GatherND,
 * Scatter, ScatterElements, ScatterND and TensorScatter (a KV-cache update: present_cache like
 * past_cache). Gather of known indices from a known shape vector also
 * propagates values ({@code Shape → Gather(0)} is the batch dim).
 */
public final class IndexingRules {
  private IndexingRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Gather", 1, IndexingRules::gather);
    b.add("GatherElements", 11, IndexingRules::gatherElements);
    b.add("GatherND", 11, IndexingRules::gatherNd);
    b.add("Scatter", 9, IndexingRules::likeData);
    b.add("ScatterElements", 11, IndexingRules::likeData);
    b.add("ScatterND", 11, IndexingRules::likeData);
    b.add("TensorScatter", 24, IndexingRules::likeData);
  }

  /** data.shape[:axis] + indices.shape + data.shape[axis+1:]. */
  static void gather(InferenceContext ctx) {
    Optional<SymShape> data = ctx.inputShape(0);
    Optional<SymShape> indices = ctx.inputShape(1);
    SymShape shape = null;
    int axis = 0;
    if (data.isPresent()) {
      Optional<Integer> a = TensorAxes.normalize(ctx.intAttribute("axis", 0), data.get().rank());
      if (a.isEmpty()) {
        ctx.fail("Gather axis " + ctx.intAttribute("axis", 0) + " out of range for rank " + data.get().rank());
        return;
      }
      axis = a.get();
      if (indices.isPresent()) {
        List<SymExpr> dims = new ArrayList<>(data.get().dims().subList(0, axis));
        dims.addAll(indices.get().dims());
        dims.addAll(data.get().dims().subList(axis + 1, data.get().rank()));
        shape = SymShape.of(dims);
      }
    }
    SymShape out = shape;
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, out));
    if (axis == 0) {
      propagateGather(ctx);
    }
  }

  /** Values of a Gather from a 1-D value at constant indices (negative ones count from the end). */
  private static void propagateGather(InferenceContext ctx) {
    Optional<PartialValue> data = ctx.inputValue(0);
    Optional<PartialValue> indices = ctx.inputValue(1);
    Optional<long[]> idx = ctx.inputLongs(1);
    if (data.isEmpty() || data.get().scalar() || idx.isEmpty()) {
      return;
    }
    int n = data.get().size();
    List<SymExpr> out = new ArrayList<>(idx.get().length);
    for (long i : idx.get()) {
      long k = i < 0 ? i + n : i;
      if (k < 0 || k >= n) {
        return;
      }
      out.add(data.get().get((int) k));
    }
    ctx.setOutputValue(0, new PartialValue(out, indices.get().scalar()));
  }

  static void gatherElements(InferenceContext ctx) {
    SymShape shape = ctx.inputShape(1).orElse(null);
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, shape));
  }

  /** indices.shape[:-1] + data.shape[batch_dims + indices.shape[-1]:]. */
  static void gatherNd(InferenceContext ctx) {
    Optional<SymShape> data = ctx.inputShape(0);
    Optional<SymShape> indices = ctx.inputShape(1);
    SymShape shape = null;
    if (data.isPresent() && indices.isPresent() && indices.get().rank() >= 1) {
      SymExpr last = indices.get().dim(-1);
      int batchDims = (int) ctx.intAttribute("batch_dims", 0);
      if (last != null && last.isConstant()) {
        long from = batchDims + last.constantValue();
        if (from > data.get().rank()) {
          ctx.fail("GatherND indices reach " + from + " dims into data of rank " + data.get().rank());
          return;
        }
        List<SymExpr> dims = new ArrayList<>(indices.get().dims().subList(0, indices.get().rank() - 1));
        dims.addAll(data.get().dims().subList((int) from, data.get().rank()));
        shape = SymShape.of(dims);
      }
    }
    SymShape out = shape;
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, out));
  }

  /** The scatters: the output is the data with some elements replaced. */
  static void likeData(InferenceContext ctx) {
    SymShape shape = ctx.inputShape(0).orElse(null);
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, shape));
  }
}
