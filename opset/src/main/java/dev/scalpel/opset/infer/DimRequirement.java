package dev.scalpel.opset.infer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A condition on a model's dim sizes that an operator imposes for the model to run, as shape
 * inference met it: the dims of a Concat off its axis must be equal, the inputs of an elementwise
 * operator must broadcast, a convolution's output extent must be at least 1. Inference records
 * these ({@link ShapeInference.Result#requirements()}) so that a caller choosing sizes for a
 * model's dynamic inputs can tell ahead of running it which sizes cannot work: at {@code h = 48}
 * the condition {@code 2*floor(h/32) = floor(h/16)} of a detector's Concat is false.
 *
 * <p>Only operators that every run executes contribute (the main graph and function bodies it
 * calls; not the bodies of If, Loop or Scan). A requirement is necessary, not sufficient: sizes
 * that satisfy every requirement may still fail for reasons inference does not model.
 *
 * <p>Invariant: {@code dims} has at least one element and no nulls; at least one is not a constant.
 *
 * @param kind what must hold of {@code dims}
 * @param node {@code Node.describe()} of the operator that imposes it
 * @param dims the dims concerned
 */
public record DimRequirement(Kind kind, String node, List<SymExpr> dims) {
  /** What must hold of the dims. */
  public enum Kind {
    /** All dims are equal. */
    EQUAL,
    /** The dims other than 1 are all equal (one broadcast axis). */
    BROADCASTABLE,
    /** Every dim is at least 1. */
    POSITIVE
  }

  public DimRequirement {
    dims = List.copyOf(dims);
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a requirement needs at least one dim");
    }
  }

  /** The symbols the dims use. */
  public Set<String> symbols() {
    Set<String> out = new TreeSet<>();
    dims.forEach(d -> out.addAll(d.symbols()));
    return out;
  }

  /**
   * Whether the requirement holds when each symbol takes the value {@code symbols} gives it; empty
   * when a dim cannot be evaluated there (a symbol without a value, a division by zero).
   */
  public Optional<Boolean> holdsAt(Map<String, Long> symbols) {
    long[] v = new long[dims.size()];
    for (int i = 0; i < v.length; i++) {
      OptionalLong x = dims.get(i).evaluate(symbols);
      if (x.isEmpty()) {
        return Optional.empty();
      }
      v[i] = x.getAsLong();
    }
    switch (kind) {
      case EQUAL:
        for (long x : v) {
          if (x != v[0]) {
            return Optional.of(false);
          }
        }
        return Optional.of(true);
      case BROADCASTABLE:
        long other = 1;
        for (long x : v) {
          if (x != 1) {
            if (other != 1 && x != other) {
              return Optional.of(false);
            }
            other = x;
          }
        }
        return Optional.of(true);
      default:
        for (long x : v) {
          if (x < 1) {
            return Optional.of(false);
          }
        }
        return Optional.of(true);
    }
  }

  @Override
  public String toString() {
    String what;
    switch (kind) {
      case EQUAL:
        what = "equal";
        break;
      case BROADCASTABLE:
        what = "equal or 1";
        break;
      default:
        what = "at least 1";
        break;
    }
    return node + ": " + dims + " " + what;
  }
}
