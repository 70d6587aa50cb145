package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report FILE.html} on the four commands that take it (the page itself: {@code ReportInBrowserTest}). */
class HtmlReportCommandTest {
  @TempDir
  Path dir;

  static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The page fetches nothing: no URL, and a policy that forbids any request. */
  private static void selfContained(String html) {
    assertThat(html).doesNotContain("http://", "https://", "src=", "<link");
    assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none'");
  }

  @Test
  void simplifyDrawsBothModelsAndPairsTheFusedBatchNorm() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");
    Path report = dir.resolve("r.html");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(), "--report", report.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String html = Files.readString(report);
    selfContained(html);
    Model before = OnnxReader.read(in);
    Model after = OnnxReader.read(out);
    assertThat(count(html, "<g class=\"n ")).isEqualTo(before.graph().nodeCount() + after.graph().nodeCount());
    assertThat(html).contains("equivalent", "EQUIVALENT", "fold-constants", "max abs error", "before", "after");
    // tiny_cnn's BatchNormalization is folded into the Conv before it.
    assertThat(count(html, "<g class=\"n k-fused\"[^>]*><title>[^<]*BatchNormalization")).isEqualTo(1);
  }

  @Test
  void inspectDrawsOneModel() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path report = dir.resolve("i.html");

    Cli.Result r = Cli.run("inspect", in.toString(), "--report", report.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String html = Files.readString(report);
    selfContained(html);
    assertThat(count(html, "<g class=\"n k-kept\"")).isEqualTo(OnnxReader.read(in).graph().nodeCount());
    assertThat(count(html, "<div class=\"panel\"")).isEqualTo(1);
  }

  @Test
  void validateShowsEachOutputAndBothGraphs() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");
    assertThat(Cli.run("simplify", in.toString(), "-o", out.toString(), "-q").exitCode()).isZero();
    Path report = dir.resolve("v.html");

    Cli.Result r = Cli.run("validate", in.toString(), out.toString(), "--report", report.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String html = Files.readString(report);
    int outputs = OnnxReader.read(in).graph().outputs().size();
    assertThat(count(html, "<tr class=\"ok\"><td>")).isEqualTo(outputs);
    assertThat(count(html, "<div class=\"panel\"")).isEqualTo(2);
  }

  @Test
  void checkShowsTheStagesAndTheSimplifiedGraph() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path report = dir.resolve("c.html");

    Cli.Result r = Cli.run("check", in.toString(), "--report", report.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String html = Files.readString(report);
    assertThat(html).contains("passed", "simplified (not written)");
    assertThat(count(html, "<tr class=\"ok\"><td>(load|lint|run|simplify)</td>")).isEqualTo(4);
  }

  @Test
  void anExtensionOtherThanHtmlIsAUsageErrorBeforeAnythingRuns() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", dir.resolve("o.onnx").toString(), "--report",
        dir.resolve("r.pdf").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--report").contains(".html");
    assertThat(dir.resolve("o.onnx")).doesNotExist();
  }
}
