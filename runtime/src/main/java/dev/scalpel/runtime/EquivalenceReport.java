package dev.scalpel.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@link EquivalenceChecker#check}: signature differences, the dim assignment of
 * every run, a verdict per output of the original model, and timings.
 *
 * <p>Invariants: immutable; {@code runs.get(r)} is the assignment (dim symbol → size) of run r,
 * which every {@link RunOutcome#run()} indexes; {@code passed} is true iff there is no fatal
 * signature issue, at least one output was compared, and every output passed.
 */
public record EquivalenceReport(
    List<SignatureIssue> signature,
    List<Map<String, Long>> runs,
    List<OutputVerdict> outputs,
    Timings timings,
    boolean passed) {

  public EquivalenceReport {
    signature = List.copyOf(signature);
    // NOTE: LinkedHashMap keeps the symbols in the order of first appearance, as users expect.
    runs = runs.stream()
        .map(m -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m)))
        .collect(java.util.stream.Collectors.toUnmodifiableList());
    outputs = List.copyOf(outputs);
  }

  /** Builds a report, deriving {@code passed}. */
  public static EquivalenceReport of(List<SignatureIssue> signature, List<Map<String, Long>> runs,
      List<OutputVerdict> outputs, Timings timings) {
    boolean passed = signature.stream().noneMatch(SignatureIssue::fatal)
        && !outputs.isEmpty()
        && outputs.stream().allMatch(OutputVerdict::passed);
    return new EquivalenceReport(signature, runs, outputs, timings, passed);
  }

  /** The verdicts that failed. */
  public List<OutputVerdict> failedOutputs() {
    return outputs.stream().filter(v -> !v.passed()).collect(java.util.stream.Collectors.toList());
  }

  public Optional<OutputVerdict> output(String name) {
    return outputs.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** A human-readable multi-line summary. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(passed ? "EQUIVALENT" : "DIFFERENT");
    s.append(" (").append(runs.size()).append(runs.size() == 1 ? " run" : " runs");
    if (!runs.isEmpty() && !runs.get(0).isEmpty()) {
      s.append(": ").append(runs);
    }
    s.append(")\n");
    for (SignatureIssue i : signature) {
      s.append("  ").append(i).append('\n');
    }
    for (OutputVerdict v : outputs) {
      s.append("  ").append(v.passed() ? "ok   " : "FAIL ").append(v.name())
          .append(": ").append(v.worst().summary());
      if (runs.size() > 1) {
        s.append(" (worst at run ").append(v.worstRun()).append(' ').append(runs.get(v.worstRun())).append(')');
      }
      s.append('\n');
    }
    s.append(String.format(java.util.Locale.ROOT, "  time: load %.1f/%.1f ms, run %.2f/%.2f ms (original/rewritten)",
        timings.originalLoadMs(), timings.rewrittenLoadMs(), timings.originalMeanRunMs(), timings.rewrittenMeanRunMs()));
    return s.toString();
  }
}
