package dev.scalpel.passes.rewrite;

import dev.scalpel.opset.OpId;
import java.util.Objects;

/**
 * A local rewrite: a declarative {@link #pattern}, a {@link #check} that explains a miss, and a
 * {@link #rewrite} that builds the replacement. The {@link GreedyRewriter} rewires uses and removes
 * the matched nodes; it also enforces, before {@code check}, the vetted opset range and that the
 * match's intermediate values are read only inside the match and are not graph outputs (nor are the
 * root's outputs, so model output names never change).
 *
 * <p>Rules are stateless and thread-safe: a value derived in {@code check} reaches {@code rewrite}
 * as a binding on the {@link Match}, never as a field.
 */
public abstract class RewriteRule {
  private final String id;
  private final OpId root;
  private final OpsetRange vetted;
  private final Pattern.Op pattern;

  protected RewriteRule(String id, OpId root, OpsetRange vetted) {
    this.id = Objects.requireNonNull(id, "id");
    this.root = Objects.requireNonNull(root, "root");
    this.vetted = Objects.requireNonNull(vetted, "vetted");
    // NOTE: built once here; subclasses keep no fields, so calling the override now is safe.
    this.pattern = pattern(new PatternBuilder());
    if (!pattern.op().equals(root)) {
      throw new IllegalStateException(id + ": pattern root " + pattern.op() + " is not the declared root " + root);
    }
  }

  /** Stable kebab-case id, as {@code --explain} names it. */
  public final String id() {
    return id;
  }

  /** The op type of the pattern's root node; the driver indexes rules by it. */
  public final OpId root() {
    return root;
  }

  /** The versions of the root domain's opset import this rule was checked against. */
  public final OpsetRange vettedOpsets() {
    return vetted;
  }

  /** The pattern, built once. */
  public final Pattern.Op pattern() {
    return pattern;
  }

  /** Describes the subgraph this rule rewrites; its root must be {@link #root()}. */
  protected abstract Pattern.Op pattern(PatternBuilder p);

  /** Decides whether a structural match may be rewritten; must not mutate anything. */
  protected MatchResult check(Match m) {
    return MatchResult.success();
  }

  /**
   * Whether {@link #rewrite} keeps the root and only changes its inputs and attributes ({@link
   * Replacement#inPlace}). The root's outputs then stay, so the root may produce a graph output.
   */
  protected boolean rewritesInPlace() {
    return false;
  }

  final boolean inPlace() {
    return rewritesInPlace();
  }

  /**
   * Whether each replacement output is the same tensor as the root output it replaces, type and
   * shape included (the default: a rewrite computes the same values). A rule whose replacement
   * differs from the root's output in a way only its readers erase (a rank the one reader
   * flattens away, say) must answer false, so that the rewriter does not give the new value the
   * replaced value's type.
   */
  protected boolean keepsRootOutputTypes() {
    return true;
  }

  final boolean keepsTypes() {
    return keepsRootOutputTypes();
  }

  /** Builds the replacement for a checked match, creating nodes only through {@code r}. */
  protected abstract Replacement rewrite(Match m, RewriteBuilder r);

  @Override
  public String toString() {
    return id;
  }
}
