package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import java.util.List;

/**
 * The IR version against the onnx release the parser is built with (reference D.1: 8.6 pins onnx
 * 1.13, IR 8; 10.x pins onnx 1.16, IR 10). A newer IR may fail the parser's check or carry fields
 * it does not know; this ceiling is inferred from the pinned onnx version, hence a warning.
 */
final class IrVersionRule implements TrtRule {
  @Override
  public String id() {
    return "trt-ir-version";
  }

  @Override
  public String description() {
    return "IR version not newer than the parser's onnx release";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    if (model.irVersion() > version.maxIrVersion()) {
      out.add(Finding.of(id(), Finding.Severity.WARNING, "", "", "IR version " + model.irVersion()
          + " is newer than IR " + version.maxIrVersion() + " of the onnx release TensorRT " + version.label()
          + " is built with", "save with ir_version " + version.maxIrVersion() + " (the opset must allow it)"));
    }
  }
}
