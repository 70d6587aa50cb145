package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import java.util.List;

/**
 * Every node, subgraphs included, must be an operator the parser imports ({@link TrtOperators});
 * any other op, and any op of another domain, needs a TensorRT plugin of that name
 * ("getPluginCreator() could not find Plugin X", reference A.4/A.8).
 */
final class UnsupportedOperatorRule implements TrtRule {
  @Override
  public String id() {
    return "trt-unsupported-op";
  }

  @Override
  public String description() {
    return "operators the ONNX parser imports";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Node node : model.graph().allNodes()) {
      if (!node.isDefaultDomain()) {
        boolean local = model.functions().stream().anyMatch(f -> isCall(f, node));
        out.add(Finding.of(id(), local ? Finding.Severity.WARNING : Finding.Severity.ERROR, node.describe(), "",
            (local ? "model-local function " : "operator of domain '") + node.domain()
                + (local ? "." + node.opType() + ": whether the parser inlines it is not covered by the rules"
                    : "' has no importer; the parser looks for a plugin named " + node.opType()),
            local ? "inline the function, or check with trtexec" : "register a TensorRT plugin, or rewrite it to ONNX operators"));
      } else if (!TrtOperators.supported(node.opType(), version)) {
        String why = TrtOperators.addedIn10(node.opType()) ? "is supported from TensorRT 10, not " + version.label()
            : TrtOperators.listedUnsupported(node.opType()) ? "is listed as unsupported by TensorRT " + version.label()
            : "is not in TensorRT " + version.label() + "'s operator list";
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", node.opType() + " " + why,
            "rewrite it to supported operators, or register a plugin named " + node.opType()));
      }
    }
  }

  private static boolean isCall(Function f, Node node) {
    return f.domain().equals(node.domain()) && f.name().equals(node.opType());
  }
}
