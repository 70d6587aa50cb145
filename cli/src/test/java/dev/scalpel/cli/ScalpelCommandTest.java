package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class ScalpelCommandTest {
  @Test
  void versionNamesTheProjectVersion() {
    Cli.Result r = Cli.run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("scalpel 0.").doesNotContain("${");
  }

  @Test
  void helpListsCommandsAndExitCodes() {
    Cli.Result r = Cli.run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("inspect").contains("convert").contains("validate").contains("check").contains("Exit status:").contains("70");
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run();

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("missing command");
  }

  @Test
  void unknownCommandSuggestsTheRightOne() {
    Cli.Result r = Cli.run("inspekt", "m.onnx");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: ").contains("inspect").contains("scalpel --help");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli.Result r = Cli.run("inspect", "--jsn", "m.onnx");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--jsn").contains("scalpel inspect --help");
  }

  @Test
  void eachRunIsIndependent() {
    // --debug given once must not leak into the next run: no static state.
    Cli.run("--debug", "--version");
    Cli.Result r = Cli.run("inspect", "/no/such/file.onnx");

    assertThat(r.err()).doesNotContain("\tat ");
  }

  /** Runs {@code args} on the command line with every subcommand, as tests before lazy building did. */
  private static Cli.Result runOnFullCommandLine(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ScalpelCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false).execute(args);
    return new Cli.Result(code, out.toString(), err.toString());
  }

  @Test
  void aCommandLineBuiltForItsArgumentsAnswersAsTheFullOne() {
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"--version"});
    runs.add(new String[] {"--help"});
    runs.add(new String[] {});
    runs.add(new String[] {"inspekt", "m.onnx"});
    runs.add(new String[] {"--debug", "inspect", "/no/such/file.onnx"});
    runs.add(new String[] {"--help", "inspect"});
    runs.add(new String[] {"-h", "simplify", "m.onnx"});
    runs.add(new String[] {"--version", "inspect"});
    runs.add(new String[] {"--no-such-option", "inspect"});
    for (Class<?> c : ScalpelCommand.SUBCOMMANDS) {
      String name = c.getAnnotation(Command.class).name();
      runs.add(new String[] {name, "--help"});
      runs.add(new String[] {name, "--no-such-option"});
      runs.add(new String[] {name, "/no/such/file.onnx"});
    }
    for (String[] args : runs) {
      Cli.Result lazy = Cli.run(args);
      Cli.Result full = runOnFullCommandLine(args);
      // NOTE: a --debug stack trace names this test's two call sites, and timings differ: frames and
      // milliseconds are left out.
      assertThat(comparable(lazy)).as(String.join(" ", args)).isEqualTo(comparable(full));
    }
  }

  private static Cli.Result comparable(Cli.Result r) {
    return new Cli.Result(r.exitCode(), r.out().replaceAll("[0-9.]+ ms", "N ms"),
        r.err().replaceAll("(?m)^\\s+at .*\\R", "").replaceAll("[0-9.]+ ms", "N ms"));
  }

  @Test
  void onlyTheNamedSubcommandIsBuilt() {
    assertThat(ScalpelCommand.subcommandsFor("--debug", "simplify", "inspect")).containsExactly(SimplifyCommand.class);
    assertThat(ScalpelCommand.subcommandsFor("--version")).isEmpty();
    assertThat(ScalpelCommand.subcommandsFor("--help")).isEqualTo(ScalpelCommand.SUBCOMMANDS);
    assertThat(ScalpelCommand.subcommandsFor("inspekt")).isEqualTo(ScalpelCommand.SUBCOMMANDS);
    assertThat(ScalpelCommand.subcommandsFor("--help", "inspect")).isEqualTo(ScalpelCommand.SUBCOMMANDS);
  }
}
