package dev.scalpel.passes;

import java.time.Duration;
import java.util.List;

/** One run of one pass: what it changed (from mutation events), what it reported, how long it took. */
public record PassResult(String passId, int iteration, ChangeSummary changes, List<String> diagnostics, Duration elapsed) {
  public PassResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }
}
