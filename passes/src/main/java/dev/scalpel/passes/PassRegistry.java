package dev.scalpel.passes;

import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.common.SortTopologically;
import dev.scalpel.passes.constant.ConstantsToInitializers;
import dev.scalpel.passes.cse.EliminateCommonSubexpressions;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The passes known by id, so pipelines can be written as text ({@code
 * infer-shapes,remove-unused}); {@link #standard()} has every pass Scalpel ships.
 */
public final class PassRegistry {
  private final Map<String, Supplier<ModelPass>> passes;

  private PassRegistry(Map<String, Supplier<ModelPass>> passes) {
    this.passes = passes;
  }

  // NOTE: immutable, so built once: finding each pass's id constructs the pass (a rule set builds
  // its rules' patterns), which a simplify of a small model would otherwise pay on every run.
  private static final PassRegistry STANDARD = build();

  /** Every pass Scalpel ships; each {@link #create} makes a new instance. */
  public static PassRegistry standard() {
    return STANDARD;
  }

  private static PassRegistry build() {
    Map<String, Supplier<ModelPass>> m = new LinkedHashMap<>();
    register(m, InferShapes::new);
    register(m, RemoveUnused::new);
    register(m, SortTopologically::new);
    register(m, RuleSet::standard);
    register(m, RuleSet::shapes);
    register(m, FoldConstants::new);
    register(m, ConstantsToInitializers::new);
    register(m, EliminateCommonSubexpressions::new);
    return new PassRegistry(m);
  }

  private static void register(Map<String, Supplier<ModelPass>> m, Supplier<ModelPass> factory) {
    m.put(factory.get().id(), factory);
  }

  /**
   * This registry and one more pass, such as a user's own; a pass with the id of a known one
   * replaces it.
   */
  public PassRegistry with(Supplier<ModelPass> factory) {
    Map<String, Supplier<ModelPass>> m = new LinkedHashMap<>(passes);
    register(m, factory);
    return new PassRegistry(m);
  }

  public List<String> ids() {
    return new ArrayList<>(passes.keySet());
  }

  public Optional<ModelPass> create(String id) {
    Supplier<ModelPass> f = passes.get(id);
    return f == null ? Optional.empty() : Optional.of(f.get());
  }

  /**
   * The passes of a textual pipeline: ids separated by commas, spaces ignored.
   *
   * @throws IllegalArgumentException naming an unknown id and the known ones
   */
  public List<ModelPass> parsePipeline(String text) {
    List<ModelPass> out = new ArrayList<>();
    for (String raw : text.split(",")) {
      String id = raw.trim();
      if (id.isEmpty()) {
        continue;
      }
      out.add(create(id).orElseThrow(() -> new IllegalArgumentException(
          "unknown pass '" + id + "'; known passes: " + String.join(", ", passes.keySet()))));
    }
    return out;
  }

  /** The textual form of a pipeline, which {@link #parsePipeline} reads back. */
  public static String toText(List<? extends ModelPass> pipeline) {
    List<String> ids = new ArrayList<>();
    pipeline.forEach(p -> ids.add(p.id()));
    return String.join(",", ids);
  }
}
