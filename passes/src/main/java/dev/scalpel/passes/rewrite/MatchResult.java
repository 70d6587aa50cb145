package dev.scalpel.passes.rewrite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of {@link RewriteRule#check}: success with values derived for the rewrite
 * (bindings), or a failure that says why the rule does not apply. Immutable.
 */
public final class MatchResult {
  private static final MatchResult SUCCESS = new MatchResult(null, Map.of());

  private final String reason;
  private final Map<String, Object> bindings;

  private MatchResult(String reason, Map<String, Object> bindings) {
    this.reason = reason;
    this.bindings = bindings;
  }

  public static MatchResult success() {
    return SUCCESS;
  }

  /** A miss, with a reason a user can read (shown by {@code --explain}). */
  public static MatchResult fail(String reason) {
    return new MatchResult(Objects.requireNonNull(reason, "reason"), Map.of());
  }

  /** This success with one more derived value, read in the rewrite by {@link Match#binding}. */
  public MatchResult bind(String name, Object value) {
    if (!isSuccess()) {
      throw new IllegalStateException("cannot bind '" + name + "' on a failure: " + reason);
    }
    Map<String, Object> more = new LinkedHashMap<>(bindings);
    more.put(name, Objects.requireNonNull(value, name));
    return new MatchResult(null, Map.copyOf(more));
  }

  public boolean isSuccess() {
    return reason == null;
  }

  /** Why the rule did not apply; empty for a success. */
  public String reason() {
    return reason == null ? "" : reason;
  }

  public Map<String, Object> bindings() {
    return bindings;
  }

  @Override
  public String toString() {
    return isSuccess() ? "success" + bindings.keySet() : "fail: " + reason;
  }
}
