package dev.scalpel.cli.report;

import dev.scalpel.cli.ModelCheck;
import dev.scalpel.cli.StageResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code scalpel check} results into JUnit test cases: one per model and stage, class name
 * the model file, name the stage. A failed stage is a {@code <failure>}, a model that cannot be
 * read or run an {@code <error>}, and stages not run ({@code skipped}, or not available yet) are
 * {@code <skipped>}, so CI shows plainly what was not checked.
 */
public final class CheckJUnit {
  private CheckJUnit() {}

  public static List<JUnitXml.TestCase> cases(List<ModelCheck> checks) {
    List<JUnitXml.TestCase> cases = new ArrayList<>();
    for (ModelCheck c : checks) {
      for (StageResult s : c.stages()) {
        cases.add(new JUnitXml.TestCase(c.file(), s.stage(), s.millis() / 1000, result(s.status()), s.message(),
            String.join("\n", s.details())));
      }
    }
    return cases;
  }

  private static JUnitXml.Result result(StageResult.Status status) {
    switch (status) {
      case PASSED:
        return JUnitXml.Result.PASSED;
      case FAILED:
        return JUnitXml.Result.FAILED;
      case ERROR:
        return JUnitXml.Result.ERROR;
      default:
        return JUnitXml.Result.SKIPPED;
    }
  }
}
