package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
