package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.infer.InferenceContext;
import java.util.Optional;

/**
 * Integer-list arguments that ONNX moved from an attribute to an input at some opset version
 * (Squeeze axes, Split split, Pad pads, Slice starts...): one place that reads whichever form the
 * node's version has.
 */
final class IntArguments {
  private IntArguments() {}

  /** Where an argument lives: attribute {@code attribute} below {@code inputSince}, input {@code input} from it on. */
  record Migrated(String attribute, int input, int inputSince) {
    /** Whether the node gives the argument at all. */
    boolean present(InferenceContext ctx) {
      return ctx.opsetVersion() >= inputSince ? ctx.hasInput(input) : ctx.attribute(attribute).isPresent();
    }

    /** The argument's values, when given and known. */
    Optional<long[]> values(InferenceContext ctx) {
      if (ctx.opsetVersion() >= inputSince) {
        return ctx.inputLongs(input);
      }
      return ctx.intsAttribute(attribute).map(TensorAxes::toArray);
    }
  }
}
