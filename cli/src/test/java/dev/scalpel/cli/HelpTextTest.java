package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand's --help, found through picocli so new commands are covered. */
class HelpTextTest {
  @Test
  void splitOptionsShowTheirLabelWithoutPicocliRepetitionSyntax() {
    CommandLine root = ScalpelCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
      // NOTE: picocli renders a split option without hideParamSyntax as `ID[,ID...][,ID[,ID...]...]`.
      assertThat(sub.getValue().getUsageMessage()).as(sub.getKey()).doesNotContain("][,").doesNotContain("...]...]").doesNotContain("......");
    }
  }
}
