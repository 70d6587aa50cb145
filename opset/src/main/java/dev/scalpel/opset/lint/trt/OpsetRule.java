package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import java.util.List;

/**
 * The default-domain opset against the parser's documented range (reference A.1): above it is
 * an error (8.6: "up to opset 17"; 10.x: "opset 9 to opset 20"); below it the parser only warns.
 */
final class OpsetRule implements TrtRule {
  @Override
  public String id() {
    return "trt-opset";
  }

  @Override
  public String description() {
    return "default-domain opset within the parser's documented range";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    long opset = NodeInputs.opset(model);
    if (opset > version.maxOpset()) {
      out.add(Finding.of(id(), Finding.Severity.ERROR, "", "", "the model imports opset " + opset
          + "; TensorRT " + version.label() + "'s parser documents opsets up to " + version.maxOpset(),
          "re-export at opset " + version.maxOpset() + " or lower"));
    } else if (opset > 0 && opset < version.minOpset()) {
      out.add(Finding.of(id(), Finding.Severity.WARNING, "", "", "opset " + opset + " is below "
          + version.minOpset() + "; the parser warns that such models are not guaranteed to work",
          "re-export at opset " + version.minOpset() + " or newer"));
    }
  }
}
