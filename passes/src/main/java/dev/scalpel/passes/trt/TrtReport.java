package dev.scalpel.passes.trt;

import java.util.List;

/**
 * What {@link TrtReadiness} found. A model is ready when no finding is an error; warnings and
 * notes never block.
 */
public record TrtReport(TrtVersion version, List<TrtFinding> findings) {
  public TrtReport {
    findings = List.copyOf(findings);
  }

  public boolean ready() {
    return count(TrtSeverity.ERROR) == 0;
  }

  public long count(TrtSeverity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** The findings of rule {@code id}. */
  public List<TrtFinding> of(String id) {
    return findings.stream().filter(f -> f.rule().equals(id)).toList();
  }
}
