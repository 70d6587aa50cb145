package dev.scalpel.runtime.simplify;

import dev.scalpel.passes.ChangeSummary;
import java.time.Duration;

/**
 * One pass over a whole simplification: how often it ran, the time it took in all, and what it
 * changed in all.
 */
public record PassTime(String passId, int runs, Duration elapsed, ChangeSummary changes) {
  PassTime plus(Duration more, ChangeSummary moreChanges) {
    return new PassTime(passId, runs + 1, elapsed.plus(more), changes.plus(moreChanges));
  }
}
