package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One option vocabulary across every command, found through picocli so a new command is covered
 * without listing it here: a name means one thing (one owning class, one description, label,
 * default and arity) wherever it appears; one concept has one name; renamed options survive only
 * as hidden aliases that {@link RetiredNames} knows and that say so when used.
 */
class OptionVocabularyTest {
  /**
   * Options that name the thing a command acts on, whose description is the command's own action
   * ({@code edit remove --node NAME} removes it, {@code parameterize-resize --node NAME} rewrites it).
   */
  private static final Set<String> SUBJECT_OPTIONS = Set.of("--node", "--after");

  /** Names of one concept each; at most one of a group may be a visible option anywhere. */
  private static final List<Set<String>> SYNONYMS = List.of(
      Set.of("--input-shape", "--shape", "--input-shapes", "--shapes"),
      Set.of("--load-inputs", "--input-data", "--input-files", "--data"),
      Set.of("--fold-budget", "--max-output-bytes", "--size-limit", "--fold-limit"),
      Set.of("--no-ort-folding", "--no-ort", "--no-onnxruntime"),
      Set.of("--output", "--out", "--output-file"),
      Set.of("--output-dir", "--out-dir", "--output-folder"),
      Set.of("--no-validate", "--skip-validation", "--no-check"),
      Set.of("--atol", "--abs-tol", "--absolute-tolerance"),
      Set.of("--rtol", "--rel-tol", "--relative-tolerance"),
      Set.of("--dims", "--dim-values", "--symbol"),
      Set.of("--input-dim", "--dim"),
      Set.of("--mkdirs", "--create-dirs", "--parents"),
      Set.of("--quiet", "--silent"),
      Set.of("--skip", "--skip-passes", "--exclude"),
      Set.of("--passes", "--only", "--only-passes"));

  /** Picocli's own and the root's inherited options, which picocli defines once. */
  private static final Set<String> STANDARD = Set.of("--help", "--version", "--debug");

  private record Use(String command, OptionSpec option) {
    Class<?> owner() {
      return ((Member) option.userObject()).getDeclaringClass();
    }

    String signature() {
      return "label=" + option.paramLabel() + " arity=" + option.arity() + " default=" + option.defaultValue()
          + " description=" + String.join(" ", option.description()) + " owner=" + owner().getSimpleName();
    }
  }

  @Test
  void oneNameMeansOneThingEverywhere() {
    Map<String, List<Use>> byName = visibleOptions();
    List<String> dialects = new ArrayList<>();
    byName.forEach((name, uses) -> {
      if (SUBJECT_OPTIONS.contains(name)) {
        return;
      }
      Map<String, List<String>> signatures = new LinkedHashMap<>();
      uses.forEach(u -> signatures.computeIfAbsent(u.signature(), k -> new ArrayList<>()).add(u.command()));
      if (signatures.size() > 1) {
        dialects.add(name + ": " + signatures);
      }
    });
    assertThat(dialects).as("options with one name and several meanings, descriptions or owners").isEmpty();
  }

  @Test
  void oneConceptHasOneName() {
    Map<String, List<Use>> byName = visibleOptions();
    Map<String, String> nameByDescription = new TreeMap<>();
    List<String> twice = new ArrayList<>();
    byName.forEach((name, uses) -> {
      for (Use u : uses) {
        // NOTE: -o and --output are one option; its longest name stands for it.
        String option = u.option().longestName();
        String description = String.join(" ", u.option().description());
        String other = nameByDescription.putIfAbsent(description, option);
        if (other != null && !other.equals(option) && !SUBJECT_OPTIONS.contains(option)) {
          twice.add(other + " and " + option + " are described alike: " + description);
        }
      }
    });
    assertThat(twice).as("one concept under two names").isEmpty();
    for (Set<String> group : SYNONYMS) {
      assertThat(group.stream().filter(byName::containsKey).toList()).as("visible names of one concept " + group)
          .hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void noNameIsAnotherPlusAnS() {
    // NOTE: --dim (an input dim to change) beside --dims (the check's dim values) in make-dynamic
    // read as one option; two concepts need names that differ by more than a plural.
    // NOTE: known pair, left as is: -o/--output (the file written) and extract's --outputs (the
    // tensors where the cut ends, named as onnx.utils.extract_model and Polygraphy name them).
    Set<String> known = Set.of("--output/--outputs");
    Set<String> names = visibleOptions().keySet();
    assertThat(names.stream().filter(n -> names.contains(n + "s")).map(n -> n + "/" + n + "s")
        .filter(pair -> !known.contains(pair)).toList()).isEmpty();
  }

  /** An option that brings others with it: a command that has the key has them all. */
  private static final Map<String, List<String>> COMES_WITH = Map.of(
      "--output", List.of("--output-dir", "--force", "--mkdirs", "--external", "--inline-data", "--size-threshold"),
      "--no-validate", List.of("--atol", "--rtol", "--dims", "--seed", "--max-check-bytes"),
      "--atol", List.of("--rtol", "--dims", "--seed"),
      "--fold-budget", List.of("--no-ort-folding", "--fold-qdq"));

  @Test
  void aCommandHasAConceptWhole() {
    List<String> partial = new ArrayList<>();
    forEachCommand((command, cl) -> COMES_WITH.forEach((key, others) -> {
      if (cl.getCommandSpec().findOption(key) != null) {
        others.stream().filter(o -> cl.getCommandSpec().findOption(o) == null)
            .forEach(o -> partial.add(command + " has " + key + " but not " + o));
      }
    }));
    assertThat(partial).isEmpty();
  }

  @Test
  void hiddenOptionsAreRetiredNamesBesideTheirSuccessor() {
    List<String> wrong = new ArrayList<>();
    forEachCommand((command, cl) -> {
      for (OptionSpec o : cl.getCommandSpec().options()) {
        if (!o.hidden()) {
          continue;
        }
        for (String name : o.names()) {
          String current = RetiredNames.CURRENT.get(name);
          if (current == null) {
            wrong.add(command + " " + name + ": hidden but not a retired name");
          } else if (cl.getCommandSpec().findOption(current) == null || cl.getCommandSpec().findOption(current).hidden()) {
            wrong.add(command + " " + name + ": retired for " + current + ", which the command does not show");
          }
        }
      }
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void aRetiredNameStillWorksAndSaysWhatReplacedIt() {
    Cli.Result help = Cli.run("set-dims", "--help");
    assertThat(help.out()).contains("--input-shape").doesNotContain("--shape");
    Cli.Result r = Cli.run("set-dims", "no-such-model.onnx", "-o", "out.onnx", "--shape", "x=1x3");
    assertThat(r.err()).contains("note: scalpel set-dims --shape is deprecated; use --input-shape");
    assertThat(r.err().lines().filter(l -> l.startsWith("note:")).count()).isEqualTo(1);
    Cli.Result current = Cli.run("set-dims", "no-such-model.onnx", "-o", "out.onnx", "--input-shape", "x=1x3");
    assertThat(current.err()).doesNotContain("deprecated");
    // NOTE: the retired spelling is parsed like the current one: both reach the same usage error.
    assertThat(r.exitCode()).isEqualTo(current.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void everyRetiredNameSaysOnceWhatReplacedIt() {
    // A value each retired option accepts; a new retired option needs one here.
    Map<String, String> values = Map.of("--max-output-bytes", "1k", "--shape", "x=1x3", "--inputs", "x=a.npy",
        "--dim", "x:0=batch");
    List<String> silent = new ArrayList<>();
    forEachCommand((command, cl) -> {
      for (OptionSpec o : cl.getCommandSpec().options()) {
        if (!o.hidden()) {
          continue;
        }
        List<String> args = new ArrayList<>(List.of(command.substring("scalpel ".length()).split(" ")));
        args.add(o.longestName());
        if (o.arity().max() > 0) {
          assertThat(values).as("a value for " + o.longestName()).containsKey(o.longestName());
          args.add(values.get(o.longestName()));
        }
        // NOTE: --help after the option: it is parsed (and noted) and nothing runs.
        args.add("--help");
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        String note = "note: " + command + " " + o.longestName() + " is deprecated; use "
            + RetiredNames.CURRENT.get(o.longestName()) + " (the old name goes in the next release)";
        if (r.exitCode() != ExitCodes.OK || !r.err().equals(note + System.lineSeparator())) {
          silent.add(String.join(" ", args) + " -> " + r.exitCode() + ": " + r.err());
        }
      }
    });
    assertThat(silent).isEmpty();
  }

  private static Map<String, List<Use>> visibleOptions() {
    Map<String, List<Use>> byName = new TreeMap<>();
    forEachCommand((command, cl) -> {
      for (OptionSpec o : cl.getCommandSpec().options()) {
        if (o.hidden() || STANDARD.contains(o.longestName())) {
          continue;
        }
        for (String name : o.names()) {
          byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Use(command, o));
        }
      }
    });
    return byName;
  }

  private static void forEachCommand(java.util.function.BiConsumer<String, CommandLine> action) {
    CommandLine root = ScalpelCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    walk(root, action);
  }

  private static void walk(CommandLine cl, java.util.function.BiConsumer<String, CommandLine> action) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      action.accept(sub.getCommandSpec().qualifiedName(), sub);
      walk(sub, action);
    }
  }
}
