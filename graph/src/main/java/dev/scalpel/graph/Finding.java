package dev.scalpel.graph;

import java.util.Locale;
import java.util.Objects;

/**
 * One thing a check found in a model: a broken structural rule (the graph verifier), a schema rule
 * (lint), or something TensorRT's parser refuses or treats specially. One type for all checks, so
 * reports render and count them alike.
 *
 * @param severity how much it matters
 * @param rule the stable kebab-case id of the rule that found it, such as {@code input-count}
 * @param location the graph, as the verifier names it ({@code graph 'main'}, {@code graph 'main' >
 *     If 'cond'.then_branch}, {@code function custom.MyFn}, {@code model}), or "" when the check
 *     does not say
 * @param node the node, as {@code Node.describe()} names it, or "" for findings about a graph or
 *     the model
 * @param value the value (tensor) concerned, or ""
 * @param message what is wrong, with the facts that show it
 * @param hint what to do about it, or ""
 */
public record Finding(Severity severity, String rule, String location, String node, String value, String message,
    String hint) {

  /** How much a finding matters. */
  public enum Severity {
    /** The model breaks a rule: it is invalid, or the consumer (TensorRT's parser) refuses it. */
    ERROR,
    /** Legal but suspect, or accepted with a change of meaning or a risk. */
    WARNING,
    /** Worth knowing; never blocks. */
    INFO;

    /** {@code error}, {@code warning} or {@code info}, as printed. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A check that reports findings: a stable id and a fixed severity. Catalogues of checks (lint,
   * inference, shape checks) are enums implementing this.
   */
  public interface Rule {
    String id();

    Severity severity();

    /**
     * A finding of this rule at {@code node} (or "") of the graph {@code location} (or ""), about
     * {@code value} (or "").
     */
    default Finding at(String location, String node, String value, String message) {
      return new Finding(severity(), id(), location, node, value, message, "");
    }

    /** A finding of this rule at {@code node} (or "" for the whole graph). */
    default Finding at(String node, String message) {
      return at("", node, "", message);
    }

    /** Whether {@code f} is a finding of this rule. */
    default boolean matches(Finding f) {
      return f.rule().equals(id());
    }
  }

  /** A rule given by its id and severity alone, for catalogues that need no enum. */
  public record Check(String id, Severity severity) implements Rule {
    public Check {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(severity, "severity");
    }
  }

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    location = location == null ? "" : location;
    node = node == null ? "" : node;
    value = value == null ? "" : value;
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  /** A finding about {@code node} and {@code value} (either may be ""), without a graph location. */
  public static Finding of(String rule, Severity severity, String node, String value, String message, String hint) {
    return new Finding(severity, rule, "", node, value, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code error [input-count] graph 'main' > Conv 'c1': 'x': ... (fix: ...)}. */
  @Override
  public String toString() {
    String where = location.isEmpty() ? node : node.isEmpty() ? location : location + " > " + node;
    return severity.label() + " [" + rule + "] " + (where.isEmpty() ? "" : where + ": ")
        + (value.isEmpty() ? "" : "'" + value + "': ") + message + (hint.isEmpty() ? "" : " (fix: " + hint + ")");
  }
}
