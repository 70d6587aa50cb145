package dev.scalpel.passes.rewrite;

import dev.scalpel.opset.OpId;
import java.util.List;
import java.util.Objects;

/**
 * A declarative description of a subgraph, built by a {@link PatternBuilder}: an operator with
 * input patterns, a variable that matches any value, or a constant (what {@link
 * dev.scalpel.graph.Constants#of} reads) that may be optional.
 */
public sealed interface Pattern permits Pattern.Op, Pattern.Var, Pattern.Constant {

  /**
   * A node of type {@code op} whose inputs match {@code inputs} position by position. A node with
   * more inputs than patterns matches only when {@code extraInputsAllowed}; fewer inputs match when
   * the missing ones are optional constants. A {@code name} makes the node available through
   * {@link Match#node(String)}.
   */
  record Op(OpId op, List<Pattern> inputs, String name, boolean extraInputsAllowed) implements Pattern {
    public Op {
      Objects.requireNonNull(op, "op");
      inputs = List.copyOf(inputs);
    }

    /** This pattern with its node bound under {@code nodeName}. */
    public Op named(String nodeName) {
      return new Op(op, inputs, nodeName, extraInputsAllowed);
    }

    /** This pattern, also matching nodes with further inputs (left to the rule's check). */
    public Op withExtraInputs() {
      return new Op(op, inputs, name, true);
    }
  }

  /** Any value, bound under {@code name}; the same name twice must bind the same value. */
  record Var(String name) implements Pattern {}

  /** A value with a constant tensor, bound under {@code name}; an optional one may be absent. */
  record Constant(String name, boolean optional) implements Pattern {}
}
