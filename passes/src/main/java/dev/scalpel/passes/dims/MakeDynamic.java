package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes dims of a model exported at a fixed size (typically the batch) symbolic, and rewrites the
 * constants that hard-code the old size where it can prove they are that dim.
 *
 * <p>The steps: the dims become symbols ({@link InputDims}) and the shapes downstream are
 * inferred again; then, in rounds until none applies, every node in topological order that a
 * {@link ConstantRewrite} proves on the current shapes is rewritten, and inference runs again.
 * Finally every place where the symbol is lost ({@link DimLossFinder}) or computed along ({@link
 * AxisMixingFinder}), and every new conflict of inference ({@link ShapeChecks}), is reported: a
 * model with findings is not proven to work at other sizes, and callers should refuse it unless
 * told otherwise. The edit itself never checks numbers; the CLI compares the result with the
 * original through ONNX Runtime.
 *
 * <p>Only the main graph is rewritten. Running it twice changes nothing the second time (the dims
 * are symbolic already, so no constant is proven to hold their old size).
 */
public final class MakeDynamic implements ModelEdit<MakeDynamic.Result> {
  /** At most about this many rewrites, to bound pathological models. */
  public static final int MAX_REWRITES = 10_000;

  private static final List<ConstantRewrite> REWRITES = List.of(
      new ReshapeTargetRewrite(), new SliceEndRewrite(), new ExpandShapeRewrite(), new ConcatBroadcastRewrite());

  private final List<DimChange> changes;

  /**
   * What a run did.
   *
   * @param symbols each symbol with the size it replaced
   * @param rewrites one line per rewritten node, with the reason it is sound
   * @param findings places nothing proves, and contradictions; empty when the rewrite is proven
   */
  public record Result(List<SymbolOrigin> symbols, List<String> rewrites, List<Finding> findings) {
    public Result {
      symbols = List.copyOf(symbols);
      rewrites = List.copyOf(rewrites);
      findings = List.copyOf(findings);
    }

    /** Whether every place that uses the dims was proven to follow them. */
    public boolean proven() {
      return findings.isEmpty();
    }
  }

  /** @throws DimSpecException if a change gives a dim a size instead of a symbol */
  public MakeDynamic(List<DimChange> changes) {
    for (DimChange c : changes) {
      if (!(c.dim() instanceof Dim.Symbolic)) {
        throw new DimSpecException("make-dynamic makes dims symbolic, but " + c.input() + ":" + c.axis() + "=" + c.dim()
            + " is not a symbol; use set-dims to fix a dim");
      }
    }
    if (changes.isEmpty()) {
      throw new DimSpecException("make-dynamic needs at least one dim (such as --input-dim x:0=batch)");
    }
    this.changes = List.copyOf(changes);
  }

  /**
   * Rewrites {@code model} in place, taking shape inference from {@code analyses} (a result it
   * already holds for the model as it is serves as the baseline; the inference after the change is
   * left there for whoever comes next).
   *
   * @throws DimSpecException if a change does not fit the model (nothing is changed then)
   */
  @Override
  public Result apply(Model model, Analyses analyses) {
    Map<Value, Shape> plan = InputDims.plan(model, List.of(), changes);
    Map<String, SymbolOrigin> bySymbol = new LinkedHashMap<>();
    for (DimChange c : changes) {
      Value input = InputDims.input(model, c.input());
      int rank = input.shape().get().rank();
      Dim old = InputDims.dim(input, c.axis() < 0 ? c.axis() + rank : c.axis());
      String symbol = ((Dim.Symbolic) c.dim()).name();
      SymbolOrigin origin = new SymbolOrigin(symbol, old instanceof Dim.Static s ? Long.valueOf(s.value()) : null);
      SymbolOrigin earlier = bySymbol.putIfAbsent(symbol, origin);
      if (earlier != null && earlier.originalSize() == null) {
        bySymbol.put(symbol, origin); // NOTE: an input that already had the symbol says no size
      } else if (earlier != null && origin.originalSize() != null && !earlier.equals(origin)) {
        // NOTE: one symbol is one size; inputs sharing it (input_ids and attention_mask) must agree.
        throw new DimSpecException(symbol + " would replace both " + describe(earlier) + " and " + describe(origin)
            + " (" + c.input() + ":" + c.axis() + ")");
      }
    }
    List<SymbolOrigin> origins = new ArrayList<>(bySymbol.values());
    Set<String> before = ShapeChecks.baseline(model, analyses);
    boolean anyChange = plan.entrySet().stream().anyMatch(e -> !e.getValue().equals(e.getKey().shape().orElse(null)));
    // NOTE: without a change the dims are symbolic already, so no constant can be proven to hold an
    // old size and nothing is rewritten; the shapes are re-derived and checked on a copy, leaving
    // the model (and its declared shapes, such as exporter-named output dims) as it was.
    Model target = anyChange ? model : model.deepCopy();
    Map<Value, Shape> targetPlan = anyChange ? plan : InputDims.plan(target, List.of(), changes);
    InputDims.apply(targetPlan);
    // NOTE: downstream of every named input, changed or not: shapes declared there may name
    // symbols of their own that inference, which only refines, would otherwise keep.
    StaleShapes.clearDownstream(targetPlan.keySet());
    ShapeInference.Result inferred = analyses.shapes(target);
    long opset = target.opsetImports().version("").orElse(1);
    List<String> rewrites = new ArrayList<>();
    while (rewrites.size() < MAX_REWRITES) {
      List<String> done = sweep(target, origins, opset);
      if (done.isEmpty()) {
        break;
      }
      rewrites.addAll(done);
      inferred = analyses.shapes(target);
    }
    List<Finding> findings = new ArrayList<>(ShapeChecks.check(target, inferred, before));
    for (SymbolOrigin o : origins) {
      findings.addAll(DimLossFinder.find(target, o.symbol()));
      findings.addAll(AxisMixingFinder.find(target, o.symbol()));
    }
    return new Result(origins, rewrites, findings);
  }

  private static String describe(SymbolOrigin o) {
    return o.originalSize() == null ? "a symbolic dim" : "size " + o.originalSize();
  }

  /**
   * Applies every rewrite that proves itself on the shapes of the last inference, in topological
   * order. NOTE: a rewrite clears the shapes downstream of its node, so a later node that reads
   * them has none, and no rewrite applies to it until inference runs again: nothing is proven
   * from a stale shape.
   */
  private static List<String> sweep(Model model, List<SymbolOrigin> origins, long opset) {
    List<Node> order;
    try {
      order = TopologicalOrder.of(model.graph());
    } catch (InvalidModelException e) {
      return List.of();
    }
    List<String> done = new ArrayList<>();
    for (Node node : order) {
      if (node.graph() != model.graph()) {
        continue; // removed by an earlier rewrite of this sweep (a dead constant chain)
      }
      for (SymbolOrigin origin : origins) {
        for (ConstantRewrite r : REWRITES) {
          Optional<String> applied = r.apply(node, origin, opset);
          if (applied.isPresent()) {
            StaleShapes.clearFrom(node);
            done.add(applied.get());
          }
        }
      }
    }
    return done;
  }
}
