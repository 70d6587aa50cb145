package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import java.util.List;

/**
 * One readiness rule: a documented behaviour of TensorRT's ONNX parser (reference A.*), checked
 * on a model without running TensorRT. Rules are stateless and never change the model.
 */
public interface TrtRule {
  /** Stable id, such as {@code trt-unsupported-op}. */
  String id();

  /** One line: what the rule checks. */
  String description();

  /** Adds to {@code out} what {@code model} does that the parser of {@code version} refuses or changes. */
  void check(Model model, TrtVersion version, List<Finding> out);
}
