package dev.scalpel.runtime.simplify;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import java.util.Optional;

/**
 * A simplified model and the report of how it came to be; the input model is never changed.
 *
 * @param written where the result was written, empty when no output was asked or the check failed
 */
public record SimplifyResult(Model model, SimplifyReport report, Optional<OnnxWriter.WriteReport> written) {}
