package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import java.util.List;

/** Constant nodes (reference A.4): {@code sparse_value}, {@code value_string(s)} unsupported. */
final class ConstantNodeRule implements TrtRule {
  @Override
  public String id() {
    return "trt-constant-node";
  }

  @Override
  public String description() {
    return "Constant nodes without sparse or string values";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Node node : model.graph().allNodes()) {
      if (!NodeInputs.is(node, "Constant")) {
        continue;
      }
      for (String attr : List.of("sparse_value", "value_string", "value_strings")) {
        if (node.attribute(attr).isPresent()) {
          out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), node.output(0).name(),
              "Constant with " + attr + " is unsupported", attr.equals("sparse_value")
                  ? "store it as a dense initializer" : "strings cannot enter a TensorRT network"));
        }
      }
    }
  }
}
