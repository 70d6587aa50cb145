package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
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
import java.util.Optional;

/**
 * {@code x ∘ e = x} for a constant e filled with the op's neutral element (0 for Add and Sub, 1 for
 * Mul and Div), on the right, or on either side for the commutative Add and Mul; only when
 * broadcasting e against x leaves x's shape (e no longer than x's rank, each dim 1 or x's equal
 * static size; a scalar always) and e has x's element type, so the result is x itself.
 *
 * <p>Floating-point reasoning (IEEE 754, round to nearest): {@code x·1}, {@code x/1} and {@code
 * x − (+0)} return x bit for bit, NaN (quiet) and ±∞ included. {@code x + (±0)} and {@code x −
 * (−0)} also return x except that −0 becomes +0; both zeros compare equal (and the ONNX Runtime
 * check compares values, not sign bits), so the rewrite is taken as exact; only 1/x or copysign
 * downstream could tell. Integers: exact, no overflow.
 */
public abstract class NeutralOperand extends RewriteRule {
  NeutralOperand(String id, String op) {
    // NOTE: from opset 7, where the arithmetic ops got numpy broadcasting instead of 'broadcast'/'axis'.
    super(id, OpId.onnx(op), OpsetRange.of(7, 24));
  }

  /** The op; a constant, since it is read while the superclass builds the pattern. */
  abstract String op();

  /** 0 or 1. */
  abstract long neutral();

  /** Whether the neutral element may also be the first operand. */
  abstract boolean commutative();

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    return p.op(op(), p.var("a"), p.var("b")).named("op");
  }

  @Override
  protected final MatchResult check(Match m) {
    String right = problem(m.value("b"), m.value("a"));
    if (right == null) {
      return MatchResult.success().bind("keep", "a");
    }
    if (!commutative()) {
      return MatchResult.fail(right);
    }
    String left = problem(m.value("a"), m.value("b"));
    if (left == null) {
      return MatchResult.success().bind("keep", "b");
    }
    return MatchResult.fail(right + "; " + left);
  }

  /** Why {@code e} cannot be dropped leaving {@code x}, or null when it can. */
  private String problem(Value e, Value x) {
    Optional<Tensor> t = Constants.of(e);
    if (t.isEmpty()) {
      return "'" + e.name() + "' is not a constant";
    }
    if (!UniformTensors.allEqual(t.get(), neutral())) {
      return "'" + e.name() + "' is not all " + neutral();
    }
    Optional<DataType> type = x.dataType();
    if (type.isPresent() && type.get() != t.get().dataType()) {
      return "'" + e.name() + "' is " + t.get().dataType() + ", '" + x.name() + "' " + type.get();
    }
    if (!ShapePreservation.keeps(x.shape(), t.get().dims())) {
      return "broadcasting '" + e.name() + "' " + t.get().shape() + " may change the shape "
          + x.shape().map(Object::toString).orElse("(unknown)") + " of '" + x.name() + "'";
    }
    return null;
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value(m.binding("keep", String.class)));
  }

  /** {@code x + 0 = 0 + x = x}. */
  public static final class AddZero extends NeutralOperand {
    public AddZero() {
      super("eliminate-add-zero", "Add");
    }

    @Override
    String op() {
      return "Add";
    }

    @Override
    long neutral() {
      return 0;
    }

    @Override
    boolean commutative() {
      return true;
    }
  }

  /** {@code x − 0 = x} (not {@code 0 − x}). */
  public static final class SubZero extends NeutralOperand {
    public SubZero() {
      super("eliminate-sub-zero", "Sub");
    }

    @Override
    String op() {
      return "Sub";
    }

    @Override
    long neutral() {
      return 0;
    }

    @Override
    boolean commutative() {
      return false;
    }
  }

  /** {@code x · 1 = 1 · x = x}. */
  public static final class MulOne extends NeutralOperand {
    public MulOne() {
      super("eliminate-mul-one", "Mul");
    }

    @Override
    String op() {
      return "Mul";
    }

    @Override
    long neutral() {
      return 1;
    }

    @Override
    boolean commutative() {
      return true;
    }
  }

  /** {@code x / 1 = x} (not {@code 1 / x}). */
  public static final class DivOne extends NeutralOperand {
    public DivOne() {
      super("eliminate-div-one", "Div");
    }

    @Override
    String op() {
      return "Div";
    }

    @Override
    long neutral() {
      return 1;
    }

    @Override
    boolean commutative() {
      return false;
    }
  }
}
