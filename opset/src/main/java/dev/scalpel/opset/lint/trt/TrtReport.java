package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import java.util.List;

/**
 * What {@link TrtReadiness} found. A model is ready when no finding is an error; warnings and
 * notes never block.
 */
public record TrtReport(TrtVersion version, List<Finding> findings) {
  public TrtReport {
    findings = List.copyOf(findings);
  }

  public boolean ready() {
    return count(Finding.Severity.ERROR) == 0;
  }

  public long count(Finding.Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** The findings of rule {@code id}. */
  public List<Finding> of(String id) {
    return findings.stream().filter(f -> f.rule().equals(id)).toList();
  }
}
