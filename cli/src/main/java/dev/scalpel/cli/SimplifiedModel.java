package dev.scalpel.cli;

import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyResult;
import java.nio.file.Path;

/**
 * One model through {@code scalpel simplify}, as its reports show it.
 *
 * @param inputBytes size of the input model file
 * @param written what the writer reported, null when nothing was written (the check failed)
 * @param wallMs wall time of reading, simplifying, checking and writing
 */
public record SimplifiedModel(Path input, long inputBytes, Path target, SimplifyOptions options, SimplifyResult result,
    OnnxWriter.WriteReport written, double wallMs) {

  public int exitCode() {
    return result.report().passed() ? ExitCodes.OK : ExitCodes.OUTPUTS_DIFFER;
  }

  /** The validation as {@code scalpel validate} reports it, or null when validation was off. */
  public Validation validation() {
    return result.report().validation()
        .map(r -> new Validation(input.toString(), "simplified", options.check(), r, null,
            result.report().validationElapsed().toNanos() / 1e6))
        .orElse(null);
  }
}
