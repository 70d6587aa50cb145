package dev.scalpel.runtime.simplify;

import dev.scalpel.graph.Model;

/** A simplified model and the report of how it came to be; the input model is never changed. */
public record SimplifyResult(Model model, SimplifyReport report) {}
