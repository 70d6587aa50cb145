package dev.scalpel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The option names that were renamed, and the one-line note a command prints on the error stream
 * when one is used. Each retired name is declared once, as a hidden option next to the option
 * that replaced it (in the class that owns that option), and keeps working for one release.
 *
 * <p>Invariant (checked by {@code OptionVocabularyTest}): every hidden option of every command is a
 * key of {@link #CURRENT}, and the command also has the current name.
 */
final class RetiredNames {
  /** Retired name to the name that replaced it. */
  static final Map<String, String> CURRENT = Map.of(
      "--max-output-bytes", "--fold-budget",
      "--no-ort", "--no-ort-folding",
      "--shape", "--input-shape",
      "--dim", "--input-dim",
      "--inputs", "--load-inputs");

  private RetiredNames() {}

  /**
   * The values given under a retired name of a repeatable option, for its hidden setter to hand
   * over: the note is printed once, on the first value.
   */
  static final class Values<T> {
    private final String retired;
    private List<T> values = List.of();

    Values(String retired) {
      if (!CURRENT.containsKey(retired)) {
        throw new IllegalArgumentException(retired + " is not a retired option name");
      }
      this.retired = retired;
    }

    /** Takes every value so far (picocli hands a repeated option's setter all of them each time). */
    void set(CommandSpec spec, List<T> given) {
      if (given == null || given.isEmpty()) {
        values = List.of(); // picocli resetting the option before a parse
        return;
      }
      if (values.isEmpty()) {
        warn(spec, retired);
      }
      values = List.copyOf(given);
    }

    /** {@code current} (the values of the current name), then those given under the retired one. */
    List<T> after(List<T> current) {
      List<T> all = new ArrayList<>(current);
      all.addAll(values);
      return all;
    }
  }

  /** Prints {@code note: --no-ort is deprecated; use --no-ort-folding ...} on {@code spec}'s error stream. */
  static void warn(CommandSpec spec, String retired) {
    String current = CURRENT.get(retired);
    if (current == null) {
      throw new IllegalArgumentException(retired + " is not a retired option name");
    }
    var err = spec.commandLine().getErr();
    err.println("note: " + spec.qualifiedName() + " " + retired + " is deprecated; use " + current
        + " (the old name goes in the next release)");
    err.flush();
  }
}
