package dev.scalpel.passes;

import java.util.List;

/** What a {@link PassManager} run did: every pass run in order, and how many rounds it took. */
public record PipelineResult(List<PassResult> passes, int iterations, boolean reachedFixedPoint) {
  public PipelineResult {
    passes = List.copyOf(passes);
  }

  public boolean changed() {
    return passes.stream().anyMatch(PassResult::changed);
  }

  /** All changes summed. */
  public ChangeSummary totalChanges() {
    return passes.stream().map(PassResult::changes).reduce(ChangeSummary.NONE, ChangeSummary::plus);
  }
}
