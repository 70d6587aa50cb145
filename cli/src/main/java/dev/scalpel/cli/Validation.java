package dev.scalpel.cli;

import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.Localization;
import java.util.Map;

/**
 * What {@code scalpel validate} found, as its reports show it: the two files, the options the
 * check ran with, the checker's report, the localization (null unless {@code --localize} was given
 * and the models differ) and the wall-clock time of the whole validation.
 */
public record Validation(String original, String rewritten, CheckOptions options, EquivalenceReport report,
    Localized localized, double wallMs) {

  /** Where the models first diverge, found on inputs with the dims of run {@code run}. */
  public record Localized(int run, Localization where) {}

  public int exitCode() {
    return report.passed() ? ExitCodes.OK : ExitCodes.OUTPUTS_DIFFER;
  }

  /** The dims of run {@code run} as {@code batch=2, seq=7}, or {@code static shapes}. */
  public String dims(int run) {
    return dimsText(report.runs().get(run));
  }

  public static String dimsText(Map<String, Long> dims) {
    if (dims.isEmpty()) {
      return "static shapes";
    }
    StringBuilder s = new StringBuilder();
    dims.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return s.toString();
  }
}
