package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.graph.Constants;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code LSTM(x, W, R, B, lens, h₀=0, c₀=0) = LSTM(x, W, R, B, lens)}, and the same for the
 * {@code initial_h} of GRU and RNN: the spec defines an omitted initial state as zero.
 *
 * <p>A state counts as zero when it is a constant of zeros, a ConstantOfShape of zero (its default
 * value), or data-movement ops (Slice, Reshape, Expand, Squeeze, Unsqueeze, Transpose, Flatten,
 * Identity, Cast, Concat) of such; these move or copy elements but make no non-zero one. PyTorch
 * exports a recurrent layer with {@code h0 = zeros(...)} as ConstantOfShape of a Shape-derived size
 * then one Slice per layer, so the whole size computation dies with the states.
 */
public abstract sealed class EliminateZeroInitialState extends RewriteRule {
  /** How deep a chain of data-movement ops the zero proof follows. */
  private static final int MAX_DEPTH = 8;

  private static final Set<String> DATA_MOVEMENT = Set.of(
      "Slice", "Reshape", "Expand", "Squeeze", "Unsqueeze", "Transpose", "Flatten", "Identity", "Cast");

  private final int[] stateInputs;

  private EliminateZeroInitialState(String op, int... stateInputs) {
    super("eliminate-zero-initial-state-" + op.toLowerCase(java.util.Locale.ROOT), OpId.onnx(op), OpsetRange.of(7, 24));
    this.stateInputs = stateInputs;
  }

  /** LSTM: initial_h (input 5) and initial_c (input 6). */
  public static final class Lstm extends EliminateZeroInitialState {
    public Lstm() {
      super("LSTM", 5, 6);
    }

    @Override
    protected Pattern.Op pattern(PatternBuilder p) {
      return p.op("LSTM", p.var("x")).withExtraInputs().named("cell");
    }
  }

  /** GRU: initial_h (input 5). */
  public static final class Gru extends EliminateZeroInitialState {
    public Gru() {
      super("GRU", 5);
    }

    @Override
    protected Pattern.Op pattern(PatternBuilder p) {
      return p.op("GRU", p.var("x")).withExtraInputs().named("cell");
    }
  }

  /** RNN: initial_h (input 5). */
  public static final class Rnn extends EliminateZeroInitialState {
    public Rnn() {
      super("RNN", 5);
    }

    @Override
    protected Pattern.Op pattern(PatternBuilder p) {
      return p.op("RNN", p.var("x")).withExtraInputs().named("cell");
    }
  }

  @Override
  protected MatchResult check(Match m) {
    List<Value> inputs = m.node("cell").inputs();
    boolean any = false;
    for (int i : stateInputs) {
      Value state = i < inputs.size() ? inputs.get(i) : null;
      if (state != null && isZero(state, 0)) {
        any = true;
      }
    }
    return any ? MatchResult.success() : MatchResult.fail("no initial state is known to be zero");
  }

  /** Whether every element of {@code v} is zero whenever it is computed. */
  static boolean isZero(Value v, int depth) {
    if (v == null || depth > MAX_DEPTH) {
      return false;
    }
    Optional<Tensor> constant = Constants.of(v);
    if (constant.isPresent()) {
      return UniformTensors.allEqual(constant.get(), 0);
    }
    Node p = v.producer();
    if (p == null || !p.isDefaultDomain()) {
      return false;
    }
    if (p.opType().equals("ConstantOfShape")) {
      Optional<Attribute> value = p.attribute("value");
      // NOTE: the spec's default fill is a float 0.
      return value.isEmpty()
          || (value.get() instanceof Attribute.TensorAttr t && UniformTensors.allEqual(t.value(), 0));
    }
    if (DATA_MOVEMENT.contains(p.opType())) {
      return !p.inputs().isEmpty() && isZero(p.input(0), depth + 1);
    }
    if (p.opType().equals("Concat")) {
      return !p.inputs().isEmpty() && p.inputs().stream().allMatch(in -> isZero(in, depth + 1));
    }
    return false;
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node cell = m.node("cell");
    List<Value> inputs = new ArrayList<>(cell.inputs());
    for (int i : stateInputs) {
      if (i < inputs.size() && isZero(inputs.get(i), 0)) {
        inputs.set(i, null);
      }
    }
    while (!inputs.isEmpty() && inputs.get(inputs.size() - 1) == null) {
      inputs.remove(inputs.size() - 1);
    }
    boolean[] present = new boolean[cell.outputs().size()];
    for (int i = 0; i < present.length; i++) {
      present[i] = !cell.output(i).name().isEmpty();
    }
    List<Value> outputs = r.op(cell.opType(), inputs, cell.attributes().values(), present, cell.name());
    List<Value> replacement = new ArrayList<>();
    for (int i = 0; i < present.length; i++) {
      replacement.add(present[i] ? outputs.get(i) : null);
    }
    return new Replacement(replacement, null, List.of());
  }
}
