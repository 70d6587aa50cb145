package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on stderr ({@link Progress}) as a shell without a terminal sees it: plain lines. */
class ProgressCommandTest {
  @TempDir
  Path dir;

  @Test
  void simplifyShowsEachPassAndTheValidationAsPlainLines() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("w.onnx"));
    Path out = dir.resolve("s.onnx");
    Cli.Result r = Cli.runWithProgress("simplify", in.toString(), "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    // NOTE: the standard simplify pipeline has 7 passes, infer-shapes first and remove-unused last
    // (see simplify --list-passes); the check in ONNX Runtime comes after the last round.
    assertThat(r.err()).contains("simplify: " + in + ": round 1, pass 1/7 infer-shapes, ")
        .contains("simplify: " + in + ": round 1, pass 7/7 remove-unused, ")
        .contains("simplify: " + in + ": validating in ONNX Runtime\n")
        .doesNotContain("\r");
    assertThat(r.err().indexOf("pass 7/7")).isLessThan(r.err().indexOf("validating"));
    assertThat(r.out()).doesNotContain("round 1");
  }

  @Test
  void quietNoProgressAndJsonPrintNone() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("r.onnx"));
    for (String flag : new String[] {"-q", "--no-progress", "--json"}) {
      Cli.Result r = Cli.runWithProgress("simplify", in.toString(), "-o", dir.resolve("s.onnx").toString(),
          "--force", flag);
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
      assertThat(r.err()).as(flag).isEmpty();
    }
  }

  @Test
  void jsonWithProgressKeepsStdoutOneJsonDocument() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("r.onnx"));
    Cli.Result r = Cli.runWithProgress("simplify", in.toString(), "-o", dir.resolve("s.onnx").toString(),
        "--json", "--progress");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).contains("pass 1/7 infer-shapes");
    assertThat(JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0))).containsEntry("model", in.toString());
  }

  @Test
  void longCommandsNameEachModelTheyStart() throws IOException {
    Path a = TestModels.write(TestModels.relu(), dir.resolve("a.onnx"));
    Path b = TestModels.write(TestModels.relu(), dir.resolve("b.onnx"));
    Cli.Result infer = Cli.runWithProgress("infer-shapes", a.toString(), b.toString(), "-O", dir.resolve("o").toString(),
        "--mkdirs");
    assertThat(infer.exitCode()).as(infer.err()).isEqualTo(ExitCodes.OK);
    assertThat(infer.err()).contains("infer-shapes: " + a + " (1/2): inferring " + dir.resolve("o").resolve("a.onnx"))
        .contains("infer-shapes: " + b + " (2/2): inferring ");
    Cli.Result validate = Cli.runWithProgress("validate", a.toString(), b.toString());
    assertThat(validate.err()).startsWith("validate: " + b + " against " + a + " in ONNX Runtime\n");
    Cli.Result check = Cli.runWithProgress("check", a.toString());
    assertThat(check.err()).startsWith("check: " + a + " (1/1): ");
  }

  /** The ONNX Runtime runs of a check of tiny_cnn (dynamic batch, checked at 2 and 3), as the progress shows them. */
  private static List<String> runLines(String prefix) {
    return List.of(prefix + "original run 1/2 (batch=2)", prefix + "original run 2/2 (batch=3)",
        prefix + "rewritten run 1/2 (batch=2)", prefix + "rewritten run 2/2 (batch=3)");
  }

  @Test
  void validationShowsEachOnnxRuntimeRunInSimplifyValidateAndCheck() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("w.onnx"));
    Path out = dir.resolve("s.onnx");

    Cli.Result simplify = Cli.runWithProgress("simplify", in.toString(), "-o", out.toString());
    Cli.Result validate = Cli.runWithProgress("validate", in.toString(), out.toString());
    Cli.Result check = Cli.runWithProgress("check", in.toString());
    Cli.Result quiet = Cli.runWithProgress("validate", in.toString(), out.toString(), "--no-progress");

    assertThat(simplify.exitCode()).as(simplify.err()).isEqualTo(ExitCodes.OK);
    List<String> simplifyLines = simplify.err().lines().toList();
    int validating = simplifyLines.indexOf("simplify: " + in + ": validating in ONNX Runtime");
    assertThat(validating).isNotNegative();
    // The check's runs come after the passes, the original's before the rewritten model's, in order.
    assertThat(simplifyLines.subList(validating + 1, simplifyLines.size()))
        .containsExactlyElementsOf(runLines("simplify: " + in + ": "));
    assertThat(validate.exitCode()).as(validate.err()).isEqualTo(ExitCodes.OK);
    assertThat(validate.err().lines().toList()).containsExactlyElementsOf(
        java.util.stream.Stream.concat(java.util.stream.Stream.of("validate: " + out + " against " + in + " in ONNX Runtime"),
            runLines("validate: " + out + ": ").stream()).toList());
    // check runs the model against itself (the run stage), then the simplified copy against it.
    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCodes.OK);
    List<String> checkRuns = check.err().lines().filter(l -> l.matches(".* run [0-9]+/[0-9]+ .*")).toList();
    assertThat(checkRuns).containsExactlyElementsOf(
        java.util.stream.Stream.concat(runLines("check: " + in + ": ").stream(), runLines("check: " + in + ": ").stream())
            .toList());
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void convertShowsTheExternalDataBytesAtMostEveryFivePercent() throws IOException {
    // 8 MiB of weights: the writer reports each 1 MiB chunk; progress shows each 5% step it crosses.
    int n = 2 << 20;
    float[] w = new float[n];
    Arrays.fill(w, 0.5f);
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(n));
    b.output(b.op("Add", x, b.initializer("w", DenseTensor.ofFloats("w", new long[] {n}, w))));
    Path in = TestModels.write(b.model(), dir.resolve("big.onnx"));
    Path out = dir.resolve("ext.onnx");

    Cli.Result r = Cli.runWithProgress("convert", in.toString(), "-o", out.toString(), "--external");
    Cli.Result quiet = Cli.runWithProgress("convert", in.toString(), "-o", dir.resolve("q.onnx").toString(),
        "--external", "-q");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    long total = Files.size(dir.resolve("ext.onnx.data"));
    assertThat(total).isGreaterThanOrEqualTo(4L * n);
    Pattern line = Pattern.compile("convert: " + Pattern.quote(in.toString()) + ": data (.+) of "
        + Pattern.quote(ByteCount.format(total)) + " \\((\\d+)%\\)");
    List<Integer> percents = r.err().lines().map(line::matcher).filter(Matcher::matches)
        .map(m -> Integer.parseInt(m.group(2))).toList();
    // 1 MiB of 8 MiB is 12.5%: each chunk crosses a 5% step, so each is shown once, the last at 100%.
    assertThat(percents).hasSizeBetween(8, 21).isSorted().doesNotHaveDuplicates().endsWith(100);
    assertThat(r.err()).doesNotContain("\r");
    assertThat(quiet.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(quiet.err()).isEmpty();
  }
}
