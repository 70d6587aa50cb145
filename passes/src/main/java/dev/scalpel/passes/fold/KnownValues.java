package dev.scalpel.passes.fold;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one folding sweep knows about values before run time: exact data (initializers that are no
 * graph input, outputs of Constant nodes) and partial shape vectors (int64 vectors from Shape of a
 * value with some symbolic dims, where -1 marks a dim unknown before run time).
 */
final class KnownValues {
  /** The marker of an unknown element in a partial shape vector (real dims are never negative). */
  static final long UNKNOWN_DIM = -1;

  private final Map<Value, Tensor> exact = new HashMap<>();
  private final Map<Value, Tensor> partial = new HashMap<>();

  void putExact(Value v, Tensor t) {
    exact.put(v, t);
  }

  void putPartial(Value v, Tensor t) {
    partial.put(v, t);
  }

  /** The data {@code v} always holds, if known. */
  Optional<Tensor> exact(Value v) {
    Tensor t = exact.get(v);
    return t != null ? Optional.of(t) : v.constantValue();
  }

  /**
   * The node's inputs as exact tensors (null for an omitted optional input), or empty if one is
   * not known exactly.
   */
  Optional<List<Tensor>> exactInputs(Node node) {
    List<Tensor> out = new ArrayList<>();
    for (Value in : node.inputs()) {
      if (in == null) {
        out.add(null);
        continue;
      }
      Optional<Tensor> t = exact(in);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      out.add(t.get());
    }
    return Optional.of(out);
  }

  /**
   * The node's inputs where each is exact or a partial shape vector and at least one is partial;
   * empty otherwise.
   */
  Optional<List<Tensor>> partialInputs(Node node) {
    List<Tensor> out = new ArrayList<>();
    boolean anyPartial = false;
    for (Value in : node.inputs()) {
      if (in == null) {
        out.add(null);
        continue;
      }
      Tensor p = partial.get(in);
      if (p != null) {
        anyPartial = true;
        out.add(p);
        continue;
      }
      Optional<Tensor> t = exact(in);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      out.add(t.get());
    }
    return anyPartial ? Optional.of(out) : Optional.empty();
  }

  /** Whether {@code v} is known only as a partial shape vector. */
  boolean isPartial(Value v) {
    return v != null && partial.containsKey(v);
  }

  /** Whether a partial shape vector's elements are all known. */
  static boolean isComplete(Tensor t) {
    for (long e : t.toLongArray()) {
      if (e == UNKNOWN_DIM) {
        return false;
      }
    }
    return true;
  }
}
