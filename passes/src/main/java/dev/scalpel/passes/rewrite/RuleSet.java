package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.shape.GatherInOrderToUnsqueeze;
import dev.scalpel.passes.shape.ReshapeToProvenTarget;
import dev.scalpel.passes.shape.TransposeThroughReshapes;
import dev.scalpel.passes.rewrite.rules.CancelSqueezeUnsqueeze;
import dev.scalpel.passes.rewrite.rules.EliminateCastToSameType;
import dev.scalpel.passes.rewrite.rules.EliminateDropout;
import dev.scalpel.passes.rewrite.rules.EliminateFullSlice;
import dev.scalpel.passes.rewrite.rules.EliminateIdentity;
import dev.scalpel.passes.rewrite.rules.EliminateNoOpExpand;
import dev.scalpel.passes.rewrite.rules.EliminateNoOpFlatten;
import dev.scalpel.passes.rewrite.rules.EliminateNoOpReshape;
import dev.scalpel.passes.rewrite.rules.EliminateNoOpTranspose;
import dev.scalpel.passes.rewrite.rules.EliminateSingleInputConcat;
import dev.scalpel.passes.rewrite.rules.EliminateSingleOutputSplit;
import dev.scalpel.passes.rewrite.rules.EliminateZeroInitialState;
import dev.scalpel.passes.rewrite.rules.EliminateZeroPad;
import dev.scalpel.passes.rewrite.rules.FoldPadIntoConv;
import dev.scalpel.passes.rewrite.rules.FuseBatchNormIntoConv;
import dev.scalpel.passes.rewrite.rules.FuseBatchNormIntoConvTranspose;
import dev.scalpel.passes.rewrite.rules.FuseBatchNormIntoGemm;
import dev.scalpel.passes.rewrite.rules.FuseBatchNormIntoMatMul;
import dev.scalpel.passes.rewrite.rules.GatherThroughTranspose;
import dev.scalpel.passes.rewrite.rules.MatMulAddToGemm;
import dev.scalpel.passes.rewrite.rules.MergeConsecutiveSqueezes;
import dev.scalpel.passes.rewrite.rules.MergeConsecutiveTransposes;
import dev.scalpel.passes.rewrite.rules.MergeConsecutiveUnsqueezes;
import dev.scalpel.passes.rewrite.rules.NeutralOperand;
import dev.scalpel.passes.rewrite.rules.ReduceMeanDroppingKeptDims;
import dev.scalpel.passes.rewrite.rules.ReshapeBeforeGlobalPool;
import dev.scalpel.passes.rewrite.rules.ReshapeOfShapeChange;
import dev.scalpel.passes.rewrite.rules.ReshapeRuntimeElementToInferred;
import dev.scalpel.passes.rewrite.rules.ReshapeToFlatten;
import dev.scalpel.passes.rewrite.rules.StaticShapeChangeToReshape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A set of {@link RewriteRule}s run as one pass by a {@link GreedyRewriter}; reports how often
 * each rule fired. {@link #standard()} is the {@code rewrite} pass.
 */
public final class RuleSet implements ModelPass {
  /** Sweeps before the driver gives up on reaching a fixed point. */
  public static final int DEFAULT_MAX_SWEEPS = 16;

  private final String id;
  private final List<RewriteRule> rules;
  // NOTE: the driver holds only the rules indexed by root op, so one serves every run.
  private final GreedyRewriter rewriter;

  public RuleSet(String id, List<? extends RewriteRule> rules, int maxSweeps) {
    this.id = id;
    this.rules = List.copyOf(rules);
    this.rewriter = new GreedyRewriter(this.rules, maxSweeps);
  }

  /**
   * The rules that prove their rewrite from the shape analysis's values of computed shapes, as the
   * pass {@code rewrite-shapes}. NOTE: a pass of their own that runs before {@code rewrite}, on the
   * graph as folding left it: the local rules would first reshape the index and target computations
   * (merging Unsqueezes, say) into forms these proofs do not follow.
   */
  public static RuleSet shapes() {
    return SHAPES;
  }

  /** The local rules Scalpel ships, as the pass {@code rewrite}. */
  public static RuleSet standard() {
    return STANDARD;
  }

  // NOTE: rule sets are immutable and their rules stateless, so the shipped ones are built once
  // (each rule builds its pattern when constructed).
  private static final RuleSet SHAPES = new RuleSet("rewrite-shapes", List.of(
        new TransposeThroughReshapes(),
        new ReshapeToProvenTarget(),
        new GatherInOrderToUnsqueeze.Gather(),
        new GatherInOrderToUnsqueeze.GatherNd()), DEFAULT_MAX_SWEEPS);

  private static final RuleSet STANDARD = new RuleSet("rewrite", List.of(
        new EliminateIdentity(),
        new EliminateDropout(),
        new EliminateNoOpTranspose(),
        new MergeConsecutiveTransposes(),
        new EliminateCastToSameType(),
        new EliminateSingleInputConcat(),
        new EliminateNoOpReshape(),
        new FuseBatchNormIntoConv(),
        new FuseBatchNormIntoConvTranspose(),
        new FuseBatchNormIntoGemm(),
        new FuseBatchNormIntoMatMul(),
        new MergeConsecutiveUnsqueezes(),
        new MergeConsecutiveSqueezes(),
        new CancelSqueezeUnsqueeze.SqueezeOfUnsqueeze(),
        new CancelSqueezeUnsqueeze.UnsqueezeOfSqueeze(),
        new ReshapeOfShapeChange.AfterReshape(),
        new ReshapeOfShapeChange.AfterFlatten(),
        new ReshapeOfShapeChange.AfterSqueeze(),
        new ReshapeOfShapeChange.AfterUnsqueeze(),
        new EliminateNoOpFlatten(),
        new StaticShapeChangeToReshape.FromFlatten(),
        new StaticShapeChangeToReshape.FromSqueeze(),
        new StaticShapeChangeToReshape.FromUnsqueeze(),
        new ReshapeToFlatten(),
        new ReduceMeanDroppingKeptDims.BeforeReshape(),
        new ReduceMeanDroppingKeptDims.BeforeFlatten(),
        new ReduceMeanDroppingKeptDims.BeforeSqueeze(),
        new ReshapeBeforeGlobalPool.Average(),
        new ReshapeBeforeGlobalPool.Max(),
        new EliminateFullSlice(),
        new EliminateZeroPad(),
        new EliminateZeroInitialState.Lstm(),
        new EliminateZeroInitialState.Gru(),
        new EliminateZeroInitialState.Rnn(),
        new GatherThroughTranspose(),
        new ReshapeRuntimeElementToInferred(),
        new EliminateNoOpExpand(),
        new EliminateSingleOutputSplit(),
        new NeutralOperand.AddZero(),
        new NeutralOperand.SubZero(),
        new NeutralOperand.MulOne(),
        new NeutralOperand.DivOne(),
        new FoldPadIntoConv(),
        new MatMulAddToGemm.MatMulFirst(),
        new MatMulAddToGemm.MatMulSecond()), DEFAULT_MAX_SWEEPS);

  @Override
  public String id() {
    return id;
  }

  public List<RewriteRule> rules() {
    return rules;
  }

  @Override
  public void run(Model model, PassContext context) {
    RewriteStats stats = rewriter.run(model, () -> context.shapes(model));
    for (Map.Entry<String, Integer> e : stats.applications().entrySet()) {
      context.countRuleApplications(e.getKey(), e.getValue());
    }
    if (stats.reachedCap()) {
      context.report(id + ": stopped after " + stats.sweeps() + " sweeps without reaching a fixed point");
    }
  }

  /**
   * For each node the rule {@code ruleId} could be rooted at, whether it fires now and, if not,
   * why, without a shape analysis (rules that need one say that they know nothing). Does not change
   * the model.
   *
   * @throws IllegalArgumentException if this set has no such rule
   */
  public List<Explanation> explain(String ruleId, Model model) {
    return explain(ruleId, model, ShapeInference.Result.NONE);
  }

  /**
   * {@link #explain(String, Model)} with the shape analysis {@code shapes} of the model as it is.
   *
   * @throws IllegalArgumentException if this set has no such rule
   */
  public List<Explanation> explain(String ruleId, Model model, ShapeInference.Result shapes) {
    RewriteRule rule = rules.stream().filter(r -> r.id().equals(ruleId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rule '" + ruleId + "' in " + id));
    List<Explanation> out = new ArrayList<>();
    for (Graph g : model.graph().allGraphs()) {
      for (Node n : g.nodes()) {
        if (OpId.of(n).equals(rule.root())) {
          Attempt a = RuleAttempt.attempt(rule, n, model, () -> shapes);
          out.add(new Explanation(rule.id(), PatternMatcher.describe(n), a.isHit(), a.isHit() ? "" : a.reason()));
        }
      }
    }
    return out;
  }

  /** Whether this set has a rule with id {@code ruleId}. */
  public boolean has(String ruleId) {
    return rules.stream().anyMatch(r -> r.id().equals(ruleId));
  }
}
