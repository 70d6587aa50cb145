package dev.scalpel.opset.infer;

import dev.scalpel.opset.OpId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inference rules by operator and opset version: a rule registered at version v applies from
 * v until the next registration of the same operator. Immutable once built; {@link #standard()}
 * holds every rule Scalpel ships.
 */
public final class InferenceRules {
  private final Map<OpId, TreeMap<Integer, InferenceRule>> rules;

  private InferenceRules(Map<OpId, TreeMap<Integer, InferenceRule>> rules) {
    this.rules = rules;
  }

  private static final class Holder {
    static final InferenceRules STANDARD = StandardRules.build();
  }

  /** Every rule Scalpel ships. */
  public static InferenceRules standard() {
    return Holder.STANDARD;
  }

  /** The rule for {@code op} at {@code opsetVersion}, if one was registered at or below it. */
  public Optional<InferenceRule> lookup(OpId op, long opsetVersion) {
    TreeMap<Integer, InferenceRule> versions = rules.get(op);
    if (versions == null) {
      return Optional.empty();
    }
    Map.Entry<Integer, InferenceRule> e = versions.floorEntry((int) Math.min(Integer.MAX_VALUE, opsetVersion));
    return e == null ? Optional.empty() : Optional.of(e.getValue());
  }

  public Set<OpId> operators() {
    return rules.keySet();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects rules; each rule family registers itself through {@link #add}. */
  public static final class Builder {
    private final Map<OpId, TreeMap<Integer, InferenceRule>> rules = new HashMap<>();

    /** Registers {@code rule} for the ONNX operator {@code opType} from {@code sinceVersion} on. */
    public Builder add(String opType, int sinceVersion, InferenceRule rule) {
      return add(OpId.onnx(opType), sinceVersion, rule);
    }

    /** Registers {@code rule} for every listed ONNX operator from version 1 on. */
    public Builder addAll(InferenceRule rule, String... opTypes) {
      for (String op : opTypes) {
        add(op, 1, rule);
      }
      return this;
    }

    public Builder add(OpId op, int sinceVersion, InferenceRule rule) {
      InferenceRule previous = rules.computeIfAbsent(op, k -> new TreeMap<>()).put(sinceVersion, rule);
      if (previous != null) {
        throw new IllegalStateException("two rules for " + op + " at version " + sinceVersion);
      }
      return this;
    }

    public InferenceRules build() {
      Map<OpId, TreeMap<Integer, InferenceRule>> copy = new HashMap<>();
      rules.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
      return new InferenceRules(copy);
    }
  }
}
