package dev.scalpel.passes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a pass may use and report while it runs: a sink for diagnostics (things a user should know,
 * such as "skipped folding Add_7: output 40 MB over the limit"). One context per pass run.
 */
public final class PassContext {
  private final List<String> diagnostics = new ArrayList<>();

  public void report(String diagnostic) {
    diagnostics.add(diagnostic);
  }

  public List<String> diagnostics() {
    return Collections.unmodifiableList(diagnostics);
  }
}
