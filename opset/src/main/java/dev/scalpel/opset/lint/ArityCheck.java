package dev.scalpel.opset.lint;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.FormalParameter;
import dev.scalpel.opset.OpSchema;
import java.util.List;
import java.util.Optional;

/** Input and output counts, and inputs or outputs left out that the schema does not let go. */
final class ArityCheck {
  private ArityCheck() {}

  static void check(OpSchema schema, Node n, NodeReport report) {
    int ins = n.inputs().size();
    if (ins < schema.minInput() || ins > schema.maxInput()) {
      report.add(LintRule.INPUT_COUNT, "has " + count(ins, "input") + "; " + schema + " takes "
          + range(schema.minInput(), schema.maxInput()));
    }
    List<Value> inputs = n.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      Optional<FormalParameter> p = schema.inputAt(i);
      if (inputs.get(i) == null && p.isPresent() && p.get().arity() == FormalParameter.Arity.SINGLE) {
        report.add(LintRule.REQUIRED_INPUT_OMITTED, "input " + i + " (" + p.get().name() + ") is omitted, but "
            + schema + " requires it");
      }
    }
    int outs = n.outputs().size();
    if (outs < schema.minOutput() || outs > schema.maxOutput()) {
      report.add(LintRule.OUTPUT_COUNT, "has " + count(outs, "output") + "; " + schema + " produces "
          + range(schema.minOutput(), schema.maxOutput()));
    }
    List<Value> outputs = n.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      Optional<FormalParameter> p = schema.outputAt(i);
      if (outputs.get(i).name().isEmpty() && p.isPresent() && p.get().arity() == FormalParameter.Arity.SINGLE) {
        report.add(LintRule.REQUIRED_OUTPUT_OMITTED, "output " + i + " (" + p.get().name() + ") is omitted, but "
            + schema + " requires it");
      }
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String range(int min, int max) {
    if (max == Integer.MAX_VALUE) {
      return min + " or more";
    }
    return min == max ? String.valueOf(min) : min + " to " + max;
  }
}
