package dev.scalpel.passes.fold;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The growth rule of folding: outputs of {@code out} bytes may replace a computation when {@code
 * out <= max(limit, freed)}, where {@code freed} counts each constant the computation reads once,
 * and only if nothing but the folded nodes (or nodes that are already dead) reads it, so that the
 * fold makes it dead too.
 *
 * <p>NOTE: counting what a fold frees, not what it reads, is what bounds the model: Concat(x, x)
 * read x twice but frees it once, and Neg(z) beside Concat(z, Neg(z)) frees nothing, so neither
 * doubling chain can pass the limit one step at a time (issue 13: 30 doublings of one float reached
 * 4 GiB). Reading a constant that stays in the model is growth, as the fold copies it.
 */
final class FoldGrowth {
  private FoldGrowth() {}

  /**
   * The bytes of the constants among {@code inputs} that folding {@code folded} leaves unread:
   * initializers and node outputs (not graph inputs, graph outputs or shape-only placeholders)
   * whose every reader is in {@code folded} or dead; each value once.
   */
  static long freedBytes(Map<Value, Tensor> inputs, Collection<Node> folded) {
    Set<Node> members = Collections.newSetFromMap(new IdentityHashMap<>());
    members.addAll(folded);
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long total = 0;
    for (Map.Entry<Value, Tensor> e : inputs.entrySet()) {
      Value v = e.getKey();
      Tensor t = e.getValue();
      if (v == null || t == null || t instanceof ShapeOnlyTensor || !seen.add(v)) {
        continue;
      }
      if (v.isGraphInput() || v.isGraphOutput()) {
        continue;
      }
      boolean freed = true;
      for (Node reader : v.consumers()) {
        if (!members.contains(reader) && !isDead(reader)) {
          freed = false;
          break;
        }
      }
      if (freed) {
        total = saturatingAdd(total, t.byteSize());
      }
    }
    return total;
  }

  /** The bytes the outputs of a fold may take: {@code max(limit, freed)}. */
  static long allowance(long limit, long freed) {
    return Math.max(limit, freed);
  }

  /**
   * The most elements one output of {@code node} may have under {@code allowanceBytes}: the
   * allowance divided by the narrowest element width among the node's declared output types (one
   * byte when none is declared, the least any fixed-width type takes).
   */
  static long elementBudget(Node node, long allowanceBytes) {
    long width = Long.MAX_VALUE;
    for (Value out : node.outputs()) {
      if (out == null) {
        continue;
      }
      DataType type = out.dataType().orElse(null);
      if (type == null || !type.hasFixedWidth()) {
        width = 1;
        break;
      }
      width = Math.min(width, Math.max(1, type.bitWidth() / 8));
    }
    return allowanceBytes / (width == Long.MAX_VALUE ? 1 : width);
  }

  /** Why outputs of {@code outputBytes} may not be materialised under {@code allowance}, or null if they may. */
  static String overAllowance(long outputBytes, long freed, long limit) {
    if (outputBytes > allowance(limit, freed)) {
      return "output of " + outputBytes + " bytes would grow the model (constants freed " + freed
          + " bytes) beyond the limit of " + limit + " bytes";
    }
    return null;
  }

  static long saturatingAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** A node none of whose outputs is read or is a graph output: folded already, or about to be removed. */
  private static boolean isDead(Node n) {
    for (Value out : n.outputs()) {
      if (out != null && out.isUsed()) {
        return false;
      }
    }
    return true;
  }
}
