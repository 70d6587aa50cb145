package dev.scalpel.passes;

import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.constant.ConstantsToInitializers;
import dev.scalpel.passes.cse.EliminateCommonSubexpressions;
import dev.scalpel.passes.fold.ConstantEvaluator;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.RewriteRule;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.passes.trt.NarrowInt64Initializers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The owner of Scalpel's pass pipelines: the presets of {@code simplify}, {@code fold} and {@code
 * trt --fix}, each entry with the reason it stands where it does, built from one typed {@link
 * Options}. Every command that runs one of these pipelines builds it here; nothing else decides
 * which options a pass gets.
 *
 * <p>Invariants: a preset's passes are built in the order of its entries, less the ids in {@link
 * Options#skip}; the passes that take options ({@code fold-constants}, {@code rewrite}, {@code
 * rewrite-shapes}) get them from {@link Options} and nowhere else.
 */
public final class Pipelines {
  /** The cap on rounds of the fold preset; real models reach the fixed point in two or three. */
  public static final int FOLD_MAX_ROUNDS = 4;

  /** One pass of a preset and why it stands where it does. */
  public record Entry(String passId, String reason) {}

  /**
   * How the presets' passes are configured.
   *
   * @param foldBudget the most bytes a fold may add to the model ({@code --fold-budget}), see
   *     {@link FoldConstants.Options#maxOutputBytes}
   * @param fallback evaluates ops without a Java kernel while folding (ONNX Runtime in practice);
   *     null folds with the Java kernels only ({@code --no-ort-folding})
   * @param foldQdq whether folding may remove quantization ({@code --fold-qdq})
   * @param skip pass ids left out of a preset, or ids of single rules left out of {@code rewrite}
   *     and {@code rewrite-shapes} ({@code --skip})
   */
  public record Options(long foldBudget, ConstantEvaluator fallback, boolean foldQdq, Set<String> skip) {
    public Options {
      if (foldBudget < 0) {
        throw new IllegalArgumentException("foldBudget must not be negative");
      }
      skip = Set.copyOf(new LinkedHashSet<>(skip));
    }

    /** The default budget, Java kernels only, quantization kept, nothing skipped. */
    public static Options defaults() {
      return new Options(FoldConstants.Options.DEFAULT_FOLD_BUDGET, null, false, Set.of());
    }

    public Options withFoldBudget(long bytes) {
      return new Options(bytes, fallback, foldQdq, skip);
    }

    public Options withFallback(ConstantEvaluator evaluator) {
      return new Options(foldBudget, evaluator, foldQdq, skip);
    }

    public Options withFoldQdq(boolean fold) {
      return new Options(foldBudget, fallback, fold, skip);
    }

    public Options withSkip(Set<String> ids) {
      return new Options(foldBudget, fallback, foldQdq, ids);
    }

    /** The options of {@code fold-constants} these stand for. */
    public FoldConstants.Options fold() {
      return FoldConstants.Options.defaults().withMaxOutputBytes(foldBudget).withFallback(fallback)
          .withFoldQdq(foldQdq);
    }
  }

  /** {@code scalpel simplify}: one round; rounds repeat until nothing changes. */
  public static final List<Entry> SIMPLIFY = List.of(
      new Entry("infer-shapes", "first: folding and the shape rules read the shapes it annotates; "
          + "each round re-infers because the previous round's folds made more shapes static"),
      new Entry("fold-constants", "before the rewrites: their patterns need constant weights and axes as "
          + "initializers, not as subgraphs computing them"),
      new Entry("constants-to-initializers", "after folding: Constant nodes it did not touch become initializers, "
          + "so CSE and the rules see every constant in one form"),
      new Entry("rewrite-shapes", "after folding: shape-op chains collapse once their shape inputs are constants"),
      new Entry("eliminate-common-subexpressions", "after the shape rewrites, which make equal subgraphs identical, "
          + "and before the rewrites, so each fusion happens once"),
      new Entry("rewrite", "local fusions and eliminations on the folded, deduplicated graph"),
      new Entry("remove-unused", "last: drops what the passes above left unread"));

  /** {@code scalpel fold}: repeated up to {@link #FOLD_MAX_ROUNDS} times until nothing changes. */
  public static final List<Entry> FOLD = List.of(
      new Entry("infer-shapes", "first: folding reads shapes as annotated (Shape, Size of static dims); "
          + "again each round, because folded values make more shapes static"),
      new Entry("fold-constants", "the job itself"),
      new Entry("remove-unused", "last: drops the constants the folds left unread"));

  /** {@code scalpel trt --fix}: one pass over the model; ONNX Runtime checks the result. */
  public static final List<Entry> TRT_REPAIRS = List.of(
      new Entry("infer-shapes", "first: folding reads shapes as annotated"),
      new Entry("fold-constants", "axes, pads, K and similar inputs computed from constants become the "
          + "initializers TensorRT's parser needs"),
      new Entry("narrow-int64-initializers", "after folding, so folded INT64 constants narrow too; only "
          + "for TensorRT versions without native INT64"),
      new Entry("remove-unused", "last: drops what folding and narrowing left unread"));

  private static final String NARROW_INT64 = new NarrowInt64Initializers.AsPass().id();

  // NOTE: the passes whose construction depends on Options, keyed by the id a default instance reports;
  // any other id comes from the PassRegistry.
  private static final Map<String, Function<Options, ModelPass>> CONFIGURED = configured();

  private Pipelines() {}

  private static Map<String, Function<Options, ModelPass>> configured() {
    Map<String, Function<Options, ModelPass>> m = new LinkedHashMap<>();
    configure(m, o -> new FoldConstants(o.fold()));
    configure(m, o -> without(RuleSet.standard(), o.skip()));
    configure(m, o -> without(RuleSet.shapes(), o.skip()));
    configure(m, o -> new InferShapes());
    configure(m, o -> new RemoveUnused());
    configure(m, o -> new ConstantsToInitializers());
    configure(m, o -> new EliminateCommonSubexpressions());
    configure(m, o -> new NarrowInt64Initializers.AsPass());
    return m;
  }

  private static void configure(Map<String, Function<Options, ModelPass>> m, Function<Options, ModelPass> factory) {
    m.put(factory.apply(Options.defaults()).id(), factory);
  }

  /** The pass ids of {@code entries}, in order. */
  public static List<String> ids(List<Entry> entries) {
    return entries.stream().map(Entry::passId).toList();
  }

  /** The pass ids of {@link #SIMPLIFY}, in order. */
  public static List<String> simplifyIds() {
    return ids(SIMPLIFY);
  }

  /** The passes of {@link #SIMPLIFY} with {@code options}. */
  public static List<ModelPass> simplify(Options options) {
    return build(simplifyIds(), options, PassRegistry.standard());
  }

  /**
   * The passes {@code ids} (the simplify preset, or the user's {@code --passes}) with {@code
   * options}, less those it skips. The passes configured here are built here; any other id
   * ({@code sort-topologically}, a user's own pass) comes from {@code registry}.
   *
   * @throws IllegalArgumentException for an id neither configured here nor in {@code registry}
   */
  public static List<ModelPass> build(List<String> ids, Options options, PassRegistry registry) {
    List<ModelPass> out = new ArrayList<>();
    for (String id : ids) {
      if (options.skip().contains(id)) {
        continue;
      }
      Function<Options, ModelPass> configured = CONFIGURED.get(id);
      if (configured != null) {
        out.add(configured.apply(options));
      } else {
        out.add(registry.create(id).orElseThrow(() -> new IllegalArgumentException(
            "unknown pass '" + id + "'; known passes: " + String.join(", ", registry.ids()))));
      }
    }
    return out;
  }

  /** The {@link #FOLD} preset with {@code options}, repeated to a fixed point. */
  public static PassManager fold(Options options) {
    return PassManager.builder()
        .addAll(build(ids(FOLD), options, PassRegistry.standard()))
        .repeatUntilFixedPoint(FOLD_MAX_ROUNDS)
        .build();
  }

  /** The {@link #TRT_REPAIRS} preset for {@code version} with {@code options}. */
  public static List<ModelPass> trtRepairs(TrtVersion version, Options options) {
    List<String> ids = new ArrayList<>(ids(TRT_REPAIRS));
    if (version.nativeInt64()) {
      ids.remove(NARROW_INT64);
    }
    return build(ids, options, PassRegistry.standard());
  }

  /**
   * Why rewrite rule {@code ruleId} does not run in the pipeline {@code ids} with {@code skip}, or
   * empty when it runs (so {@code --explain} can say so instead of explaining a rule that never ran).
   */
  public static Optional<String> whyNotRun(String ruleId, List<String> ids, Set<String> skip) {
    if (skip.contains(ruleId)) {
      return Optional.of("skipped (--skip " + ruleId + ")");
    }
    String pass = RuleSet.shapes().has(ruleId) ? RuleSet.shapes().id() : RuleSet.standard().id();
    if (skip.contains(pass)) {
      return Optional.of("skipped: its pass " + pass + " is skipped (--skip " + pass + ")");
    }
    if (!ids.contains(pass)) {
      return Optional.of("not run: its pass " + pass + " is not in the pipeline");
    }
    return Optional.empty();
  }

  private static RuleSet without(RuleSet set, Set<String> skip) {
    if (set.rules().stream().noneMatch(r -> skip.contains(r.id()))) {
      return set;
    }
    List<RewriteRule> rules = new ArrayList<>();
    for (RewriteRule r : set.rules()) {
      if (!skip.contains(r.id())) {
        rules.add(r);
      }
    }
    return new RuleSet(set.id(), rules, RuleSet.DEFAULT_MAX_SWEEPS);
  }
}
