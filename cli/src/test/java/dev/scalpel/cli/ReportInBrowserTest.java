package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.scalpel.cli.report.html.LayeredTestModels;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: headless Chromium opens it, runs its script and dumps the
 * DOM. The script marks the body with the nodes the drawings hold, those a viewer sees, and the
 * errors it caught; Chromium's log must show no console message at all (the page logs nothing, so
 * any line is a script error or a blocked request). A screenshot of each page is kept under
 * {@code target/report-screens} for CI to publish.
 *
 * <p>Tagged {@code browser}: {@code mvn verify -Pbrowser} runs it (CI does, after installing
 * Chromium); there it fails, rather than skips, when no Chromium is found.
 */
@Tag("browser")
class ReportInBrowserTest {
  private static final Path SCREENS = Path.of("target", "report-screens");
  private static final Pattern BODY = Pattern.compile("<body([^>]*)>");

  @TempDir
  Path dir;

  /** What the page's script wrote on the body, and Chromium's log. */
  private record Page(String body, String log) {
    String attribute(String name) {
      Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(body);
      return m.find() ? m.group(1) : null;
    }
  }

  @Test
  void simplifyReportRunsWithoutErrorsAndShowsEveryNodeOpened() throws Exception {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");
    Path report = dir.resolve("simplify.html");
    assertThat(Cli.run("simplify", in.toString(), "-o", out.toString(), "--report", report.toString()).exitCode()).isZero();
    int nodes = OnnxReader.read(in).graph().nodeCount() + OnnxReader.read(out).graph().nodeCount();

    Page page = open(report, "#open-all");

    assertThat(page.attribute("data-ready")).isEqualTo("1");
    assertThat(page.attribute("data-errors")).as(page.attribute("data-error-text")).isEqualTo("0");
    assertThat(page.attribute("data-nodes")).isEqualTo(Integer.toString(nodes));
    assertThat(page.attribute("data-visible-nodes")).isEqualTo(Integer.toString(nodes));
    assertThat(consoleLines(page.log())).isEmpty();
    screenshot(report, "#graph", "simplify_tiny_cnn.png");
  }

  @Test
  void aClickShowsTheNodeAndMarksItsPartner() throws Exception {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");
    Path report = dir.resolve("simplify.html");
    assertThat(Cli.run("simplify", in.toString(), "-o", out.toString(), "--report", report.toString()).exitCode()).isZero();
    // The first node of the original (index 0 in graph order) and the after-drawing's id of its partner.
    Model before = OnnxReader.read(in);
    String name = before.graph().nodes().get(0).name();
    Matcher partner = Pattern.compile("\"m0b0\": \\{[^}]*?\"partner\": \"(m0a\\d+)\"").matcher(Files.readString(report));
    assertThat(partner.find()).as("m0b0 has a partner in the report's data").isTrue();

    Result r = chromium("--dump-dom", report.toUri() + "#select=m0b0");

    assertThat(r.stdout()).containsPattern("<g class=\"n [^\"]* sel\" id=\"m0b0\"")
        .containsPattern("<g class=\"n [^\"]* partner\" id=\"" + partner.group(1) + "\"")
        .contains("<code>" + name + "</code>");
    assertThat(consoleLines(r.stderr())).isEmpty();
  }

  @Test
  void blocksStartClosedAndOpenInPlace() throws Exception {
    Model layered = LayeredTestModels.layered(6);
    Path in = TestModels.write(layered, dir.resolve("layered.onnx"));
    Path report = dir.resolve("inspect.html");
    assertThat(Cli.run("inspect", in.toString(), "--report", report.toString()).exitCode()).isZero();

    Page closed = open(report, "");
    Page opened = open(report, "#open-all");

    // 6 layers of 4 nodes and the final Identity; closed, only the Identity shows.
    assertThat(closed.attribute("data-nodes")).isEqualTo("25");
    assertThat(closed.attribute("data-visible-nodes")).isEqualTo("1");
    assertThat(opened.attribute("data-visible-nodes")).isEqualTo("25");
    assertThat(closed.attribute("data-errors")).isEqualTo("0");
    assertThat(opened.attribute("data-errors")).as(opened.attribute("data-error-text")).isEqualTo("0");
    assertThat(consoleLines(closed.log() + opened.log())).isEmpty();
    screenshot(report, "#graph,open-first", "inspect_layered.png");
  }

  private Page open(Path report, String hash) throws Exception {
    Result r = chromium("--dump-dom", report.toUri() + hash);
    Matcher m = BODY.matcher(r.stdout());
    if (!m.find()) {
      fail("Chromium dumped no body; its log:\n" + r.stderr());
    }
    return new Page(m.group(1), r.stderr());
  }

  private void screenshot(Path report, String hash, String name) throws Exception {
    Files.createDirectories(SCREENS);
    Path png = SCREENS.resolve(name).toAbsolutePath();
    Files.deleteIfExists(png);
    chromium("--window-size=1400,1000", "--hide-scrollbars", "--screenshot=" + png, report.toUri() + hash);
    byte[] head = Files.readAllBytes(png);
    assertThat(head.length).isGreaterThan(10_000);
    assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  /** Chromium's log lines that report a console message (errors, warnings, blocked requests). */
  private static List<String> consoleLines(String log) {
    List<String> lines = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private record Result(String stdout, String stderr) {}

  private Result chromium(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(browser());
    command.addAll(List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Path stdout = dir.resolve("chromium.out");
    Path stderr = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish in 120 s: " + command);
    }
    return new Result(Files.readString(stdout), Files.readString(stderr));
  }

  /** Chromium on the PATH; the browser profile exists to run this test, so none is a failure. */
  private static String browser() throws IOException {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path candidate = Path.of(d, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return fail("no Chromium on the PATH: the browser tests need it (apt-get install chromium)");
  }
}
