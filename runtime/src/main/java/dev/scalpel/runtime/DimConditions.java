package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.opset.infer.DimRequirement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a model's operators require of the sizes of its dynamic input dims, found by shape
 * inference ({@link DimRequirement}): the feature maps a detector concatenates after upsampling
 * must agree ({@code 2*floor(h/32) = floor(h/16)}), an audio encoder's strided convolutions must
 * leave at least one frame ({@code floor((n-400)/320)+1 >= 1}), the operands of an Add must
 * broadcast. {@link DimPlanner} uses them to choose sizes at which the model can run before ONNX
 * Runtime tries them.
 *
 * <p>Requirements are over {@link DimPlan} symbols (the names {@link DimPlan#symbolOf} gives), and
 * only those whose every symbol is such an input symbol are kept (not the data-dependent sizes
 * inference names). They are necessary conditions as far as inference is sound, never sufficient.
 *
 * <p>Invariant: immutable.
 */
public final class DimConditions {
  private static final DimConditions NONE = new DimConditions(List.of(), Map.of());

  /** Requirements over inference names (see {@link #nameBySymbol}). */
  private final List<DimRequirement> requirements;
  /** The symbols of each requirement, in the same order. */
  private final List<Set<String>> requirementSymbols;
  /** Plan symbol → the name inference used for it (the symbol itself when it is an identifier). */
  private final Map<String, String> nameBySymbol;

  private DimConditions(List<DimRequirement> requirements, Map<String, String> nameBySymbol) {
    this.requirements = List.copyOf(requirements);
    this.requirementSymbols = this.requirements.stream().map(DimRequirement::symbols).toList();
    this.nameBySymbol = Collections.unmodifiableMap(new LinkedHashMap<>(nameBySymbol));
  }

  /** No conditions: every size is admitted. */
  public static DimConditions none() {
    return NONE;
  }

  /**
   * The requirements of {@code model}'s main graph on its input dims. The model is not changed:
   * inference runs on a copy whose input dims are named by their plan symbols and whose other
   * values have no declared types (so that only what the inputs imply is inferred).
   */
  public static DimConditions of(Model model) {
    return of(PlanInference.of(model));
  }

  /** The requirements found by {@code inference} (shared with {@link CheckFootprint}). */
  static DimConditions of(PlanInference inference) {
    if (inference.nameBySymbol().isEmpty()) {
      return NONE;
    }
    Set<String> names = new LinkedHashSet<>(inference.nameBySymbol().values());
    List<DimRequirement> kept = new ArrayList<>();
    for (DimRequirement r : inference.result().requirements()) {
      if (names.containsAll(r.symbols())) {
        kept.add(r);
      }
    }
    return new DimConditions(kept, inference.nameBySymbol());
  }


  /** Conditions from explicit requirements over plan symbols (for tests and callers that know them). */
  public static DimConditions of(List<DimRequirement> requirements, Set<String> symbols) {
    Map<String, String> identity = new LinkedHashMap<>();
    symbols.forEach(s -> identity.put(s, s));
    return new DimConditions(requirements, identity);
  }

  /** The requirements, over inference names (equal to the plan symbols when those are identifiers). */
  public List<DimRequirement> requirements() {
    return requirements;
  }

  /** The plan symbols that at least one requirement involves. */
  public Set<String> constrainedSymbols() {
    Set<String> out = new LinkedHashSet<>();
    nameBySymbol.forEach((symbol, name) -> {
      if (requirementSymbols.stream().anyMatch(names -> names.contains(name))) {
        out.add(symbol);
      }
    });
    return out;
  }

  /**
   * Groups of plan symbols that requirements tie together: two symbols are in one group when a
   * requirement (directly or through others) involves both. Symbols of {@code fixed} are values,
   * not unknowns, and tie nothing. Symbols no requirement involves are in no group.
   */
  public List<Set<String>> groups(Set<String> fixed) {
    Map<String, String> symbolByName = new LinkedHashMap<>();
    nameBySymbol.forEach((s, n) -> symbolByName.put(n, s));
    List<Set<String>> groups = new ArrayList<>();
    for (Set<String> names : requirementSymbols) {
      Set<String> free = new LinkedHashSet<>();
      for (String name : names) {
        String s = symbolByName.get(name);
        if (s != null && !fixed.contains(s)) {
          free.add(s);
        }
      }
      if (free.isEmpty()) {
        continue;
      }
      Set<String> merged = new LinkedHashSet<>(free);
      groups.removeIf(g -> {
        if (Collections.disjoint(g, free)) {
          return false;
        }
        merged.addAll(g);
        return true;
      });
      groups.add(merged);
    }
    return groups;
  }

  /**
   * The first requirement that is false at {@code assignment} (plan symbol → size), considering only
   * requirements whose symbols all have a size there; empty when none is.
   */
  public Optional<DimRequirement> violated(Map<String, Long> assignment) {
    Map<String, Long> byName = new LinkedHashMap<>();
    assignment.forEach((s, v) -> {
      String name = nameBySymbol.get(s);
      if (name != null) {
        byName.put(name, v);
      }
    });
    for (int i = 0; i < requirements.size(); i++) {
      DimRequirement r = requirements.get(i);
      if (byName.keySet().containsAll(requirementSymbols.get(i)) && !r.holdsAt(byName).orElse(true)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether no requirement is false at {@code assignment}; see {@link #violated}. */
  public boolean admits(Map<String, Long> assignment) {
    return violated(assignment).isEmpty();
  }

  @Override
  public String toString() {
    return requirements.toString();
  }
}
