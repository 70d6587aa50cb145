package dev.scalpel.passes.shape;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers that read a tensor element by element in its own order, replaced by the tensor with
 * size-1 axes inserted ({@code Unsqueeze}), or by the tensor itself:
 *
 * <ul>
 *   <li>{@code Gather(data, idx, axis=0)} where idx is a {@linkplain IndexGrid#isRowMajorIota()
 *       row-major iota} over shape D whose element count equals data's first dim: the result is
 *       data's rows in order, shaped D ++ data.shape[1:];
 *   <li>{@code GatherND(data, idx)} ({@code batch_dims=0}) where idx is a Concat along its last
 *       axis of one grid per data dim, grid j being the index along output axis a_j (a_j
 *       increasing, the output's dim there equal to data's dim j) and every other output axis of
 *       size 1: the result is data with those size-1 axes.
 * </ul>
 *
 * The tensor used is data, or the input of a chain of row-major-preserving ops (Flatten, Reshape,
 * Squeeze, Unsqueeze, Identity) producing data, whose dims other than static 1s are exactly the
 * result's other than static 1s, and which has no static 1 itself; the result is it unsqueezed at
 * the result's size-1 axes.
 */
final class IdentityIndexing {
  private static final Set<String> ORDER_PRESERVING = Set.of("Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity");

  private final IndexGrids grids;

  IdentityIndexing(IndexGrids grids) {
    this.grids = grids;
  }

  /**
   * What a gather is the same as: {@code source} with size-1 axes inserted at {@code axes} (none:
   * source itself).
   */
  record Plan(Value source, long[] axes) {}

  /** The plan for {@code node} if it is such a gather. */
  Optional<Plan> plan(Node node) {
    Value out = node.output(0);
    if (node.inputs().size() != 2) {
      return Optional.empty();
    }
    Optional<List<SymExpr>> result = IndexGrids.dims(out);
    if (result.isEmpty() || !sameIndexing(node)) {
      return Optional.empty();
    }
    Optional<Value> source = source(node.input(0), result.get());
    if (source.isEmpty()) {
      return Optional.empty();
    }
    List<Long> axes = new ArrayList<>();
    for (int k = 0; k < result.get().size(); k++) {
      if (IndexGrid.isOne(result.get().get(k))) {
        axes.add((long) k);
      }
    }
    return Optional.of(new Plan(source.get(), axes.stream().mapToLong(Long::longValue).toArray()));
  }

  private boolean sameIndexing(Node node) {
    Optional<List<SymExpr>> data = IndexGrids.dims(node.input(0));
    if (data.isEmpty() || data.get().isEmpty()) {
      return false;
    }
    if (node.opType().equals("Gather")) {
      if (node.intAttribute("axis", 0) != 0) {
        return false;
      }
      Optional<IndexGrid> idx = grids.of(node.input(1));
      return idx.isPresent() && idx.get().isRowMajorIota() && idx.get().elementCount().equals(data.get().get(0));
    }
    if (node.opType().equals("GatherND") && node.intAttribute("batch_dims", 0) == 0) {
      return gatherNdIsIdentity(node, data.get());
    }
    return false;
  }

  private boolean gatherNdIsIdentity(Node node, List<SymExpr> data) {
    Node concat = node.input(1).producer();
    Optional<List<SymExpr>> idxDims = IndexGrids.dims(node.input(1));
    if (concat == null || !concat.opType().equals("Concat") || idxDims.isEmpty()
        || concat.inputs().size() != data.size()) {
      return false;
    }
    int rank = idxDims.get().size();
    long axis = concat.intAttribute("axis", 0);
    if (axis != -1 && axis != rank - 1) {
      return false;
    }
    List<SymExpr> out = idxDims.get().subList(0, rank - 1);
    int previous = -1;
    boolean[] used = new boolean[out.size()];
    for (int j = 0; j < data.size(); j++) {
      Optional<IndexGrid> part = grids.of(concat.input(j));
      if (part.isEmpty() || part.get().rank() != rank || !IndexGrid.isOne(part.get().dims().get(rank - 1))
          || !part.get().offset().equals(SymExpr.of(0))) {
        return false;
      }
      int a = -1;
      for (int k = 0; k < out.size(); k++) {
        SymExpr s = part.get().strides().get(k);
        if (s.equals(SymExpr.of(1)) && a < 0) {
          a = k;
        } else if (!s.equals(SymExpr.of(0))) {
          return false;
        }
      }
      if (a <= previous || !out.get(a).equals(data.get(j))) {
        return false;
      }
      used[a] = true;
      previous = a;
    }
    for (int k = 0; k < out.size(); k++) {
      if (!used[k] && !IndexGrid.isOne(out.get(k))) {
        return false;
      }
    }
    return true;
  }

  /** The tensor whose elements in row-major order are data's, with the result's dims but its 1s. */
  private static Optional<Value> source(Value data, List<SymExpr> result) {
    List<SymExpr> wanted = withoutOnes(result);
    Value v = data;
    while (v != null) {
      Optional<List<SymExpr>> dims = IndexGrids.dims(v);
      if (dims.isPresent() && withoutOnes(dims.get()).equals(dims.get()) && dims.get().equals(wanted)) {
        return Optional.of(v);
      }
      Node p = v.producer();
      v = p != null && p.isDefaultDomain() && ORDER_PRESERVING.contains(p.opType()) ? p.input(0) : null;
    }
    return Optional.empty();
  }

  private static List<SymExpr> withoutOnes(List<SymExpr> dims) {
    List<SymExpr> out = new ArrayList<>();
    for (SymExpr d : dims) {
      if (!IndexGrid.isOne(d)) {
        out.add(d);
      }
    }
    return out;
  }
}
