package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import java.util.List;

/**
 * Per-operator attribute limits of the operator table (reference A.4): ScatterND without
 * {@code reduction}; LSTM with {@code input_forget}=0 and {@code layout}=0; GridSample on 4-D
 * input. (Q/DQ zero points: {@link QdqPlacementRule}.)
 */
final class AttributeLimitsRule implements TrtRule {
  @Override
  public String id() {
    return "trt-attribute";
  }

  @Override
  public String description() {
    return "attribute limits of ScatterND, LSTM, GridSample";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Node node : model.graph().allNodes()) {
      if (!node.isDefaultDomain()) {
        continue;
      }
      switch (node.opType()) {
        case "ScatterND" -> {
          String reduction = node.attribute("reduction").map(a -> a.asString()).orElse("none");
          if (!reduction.equals("none")) {
            add(out, node, "ScatterND reduction=" + reduction + " is unsupported", "scatter without reduction");
          }
        }
        case "LSTM" -> {
          if (node.intAttribute("input_forget", 0) != 0 || node.intAttribute("layout", 0) != 0) {
            add(out, node, "LSTM with input_forget or layout not 0 is unsupported", "export with input_forget=0, layout=0");
          }
        }
        case "GridSample" -> {
          int rank = node.input(0).shape().map(s -> s.rank()).orElse(4);
          if (rank != 4) {
            add(out, node, "GridSample over a rank-" + rank + " input; only 4-D is supported", "reshape to 4-D");
          }
        }
        default -> { }
      }
    }
  }

  private void add(List<Finding> out, Node node, String message, String hint) {
    out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", message, hint));
  }
}
