package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
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
    assertThat(validate.err()).isEqualTo("validate: " + b + " against " + a + " in ONNX Runtime\n");
    Cli.Result check = Cli.runWithProgress("check", a.toString());
    assertThat(check.err()).startsWith("check: " + a + " (1/1): ");
  }
}
