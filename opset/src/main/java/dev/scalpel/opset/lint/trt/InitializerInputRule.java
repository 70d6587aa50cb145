package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import java.util.List;

/**
 * Graph inputs that are also initializers (reference A.5, D.1): ONNX Runtime lets a caller
 * override them, TensorRT imports them as weights, so the engine has no such input and the two
 * runtimes can disagree.
 */
final class InitializerInputRule implements TrtRule {
  @Override
  public String id() {
    return "trt-initializer-input";
  }

  @Override
  public String description() {
    return "graph inputs that are also initializers";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Value v : model.graph().inputs()) {
      if (v.isInitializer()) {
        out.add(Finding.of(id(), Finding.Severity.WARNING, "", v.name(), "input '" + v.name()
            + "' is also an initializer: TensorRT imports it as weights, so the engine has no input '" + v.name() + "'",
            "drop it from the graph inputs if it is a constant, or drop the initializer if it is an input"));
      }
    }
  }
}
