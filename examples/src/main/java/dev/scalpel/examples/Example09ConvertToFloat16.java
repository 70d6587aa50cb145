package dev.scalpel.examples;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.convert.CheckedConversion;
import java.nio.file.Path;

/**
 * 09: convert to float16. Weights and activations become half; the inputs and outputs stay float32
 * ({@code keepIoTypes}), so callers need not change; the result is proven against the float32
 * model in ONNX Runtime with the half-precision tolerance and written only if it agrees.
 *
 * <p>Run: {@code Example09ConvertToFloat16 DIR} reads {@code DIR/model.onnx}, writes {@code DIR/fp16.onnx}.
 */
public final class Example09ConvertToFloat16 {
  private Example09ConvertToFloat16() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Float16Converter.Options options = Float16Converter.Options.of(DataType.FLOAT16).withKeepIoTypes(true);
    CheckedEdit.Outcome<Float16Converter.Result> outcome = CheckedConversion
        .float16(ModelSource.read(dir.resolve("model.onnx")), options, CheckOptions.defaults(), true)
        .writingTo(dir.resolve("fp16.onnx"), WriteOptions.defaults())
        .run();
    Float16Converter.Result r = outcome.result();
    System.out.println("validated: " + outcome.passed() + ", " + r.convertedNodes() + " nodes in float16, weights "
        + r.weightBytesBefore() + " -> " + r.weightBytesAfter() + " bytes, kept in float32: " + r.kept().size());
  }
}
