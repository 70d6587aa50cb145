package dev.scalpel.cli.report;

import dev.scalpel.cli.Validation;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.RunOutcome;
import dev.scalpel.runtime.SignatureIssue;
import dev.scalpel.runtime.Timings;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Validation} into JUnit test cases: suite {@value #SUITE}, one test case per
 * output of the original model (named after the output, class name after the rewritten file),
 * failing with the worst run's summary as the message and every run as the details; plus a
 * {@code signature} test case when the signatures are incompatible.
 *
 * <p>NOTE: one ONNX Runtime run computes every output, so the time of each output's test case is
 * the time of all runs of both models (the same for every output), not a share of it.
 */
public final class ValidateJUnit {
  public static final String SUITE = "scalpel.validate";

  private ValidateJUnit() {}

  public static List<JUnitXml.TestCase> cases(Validation v) {
    EquivalenceReport r = v.report();
    String className = className(v.rewritten());
    double seconds = runSeconds(r.timings());
    List<JUnitXml.TestCase> cases = new ArrayList<>();
    List<String> fatal = new ArrayList<>();
    for (SignatureIssue i : r.signature()) {
      if (i.fatal()) {
        fatal.add(i.message());
      }
    }
    if (!fatal.isEmpty()) {
      cases.add(new JUnitXml.TestCase(className, "signature", 0, JUnitXml.Result.FAILED, fatal.get(0),
          String.join("\n", fatal)));
    }
    for (OutputVerdict o : r.outputs()) {
      if (o.passed()) {
        cases.add(JUnitXml.TestCase.passed(className, o.name(), seconds));
        continue;
      }
      String message = "output '" + o.name() + "' differs at run " + o.worstRun() + " (" + v.dims(o.worstRun())
          + "): " + o.worst().summary();
      cases.add(new JUnitXml.TestCase(className, o.name(), seconds, JUnitXml.Result.FAILED, message, details(v, o)));
    }
    return cases;
  }

  /** The JUnit class name of a validation: the rewritten model's file. */
  public static String className(String rewrittenFile) {
    return "validate " + rewrittenFile;
  }

  private static String details(Validation v, OutputVerdict o) {
    StringBuilder s = new StringBuilder();
    s.append("original:  ").append(v.original()).append('\n');
    s.append("rewritten: ").append(v.rewritten()).append('\n');
    s.append("tolerance: ").append(ValidateText.tolerance(o.tolerance())).append('\n');
    for (RunOutcome outcome : o.outcomes()) {
      s.append("run ").append(outcome.run()).append(" (").append(v.dims(outcome.run())).append("): ")
          .append(outcome.passed() ? "ok, " : "FAIL, ").append(outcome.summary()).append('\n');
    }
    if (v.localized() != null) {
      s.append(v.localized().where()).append('\n');
    }
    return s.toString();
  }

  private static double runSeconds(Timings t) {
    double ms = 0;
    for (double d : t.originalRunMs()) {
      ms += d;
    }
    for (double d : t.rewrittenRunMs()) {
      ms += Double.isNaN(d) ? 0 : d;
    }
    return ms / 1000;
  }
}
