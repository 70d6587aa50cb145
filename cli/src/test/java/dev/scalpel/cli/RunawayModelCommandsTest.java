package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.fold.RunawayModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource-exhaustion models of issue 13 through the command line, in-process: each is refused
 * in one line (or folded within the budget) instead of exhausting memory.
 */
class RunawayModelCommandsTest {
  @TempDir
  Path dir;

  private Path write(String name, Model m) throws IOException {
    Path file = dir.resolve(name + ".onnx");
    OnnxWriter.write(m, file);
    return file;
  }

  static void assertOneLineError(Cli.Result r, int exitCode, String... fragments) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
    assertThat(r.err().strip().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
    for (String f : fragments) {
      assertThat(r.err()).contains(f);
    }
  }

  @Test
  void foldStopsAConcatDoublingAtTheBudget() throws IOException {
    Path in = write("doubling", RunawayModels.concatDoubling(30));
    Cli.Result r = Cli.run("fold", "--no-ort-folding", in.toString(), "-o", dir.resolve("out.onnx").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("not folded Concat").contains("beyond the limit of 1048576 bytes");
    assertThat(Files.size(dir.resolve("out.onnx"))).isLessThan(2L << 20);
  }

  @Test
  void foldNeverHandsOnnxRuntimeARegionPredictedOverTheBudget() throws IOException {
    Path in = write("pad", RunawayModels.hugePad(1L << 30));
    Cli.Result r = Cli.run("fold", in.toString(), "-o", dir.resolve("out.onnx").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Pad").contains("would take 4294967300 bytes, over the limit of 1048576 bytes");
  }

  @Test
  void validateRefusesARunPredictedOverTheCheckBudget() throws IOException {
    Path in = write("expand", RunawayModels.hugeRunOutput(1L << 16, 1L << 15));
    assertOneLineError(Cli.run("validate", in.toString(), in.toString()), ExitCodes.CHECK_FAILED,
        "check not made", "8.0 GiB", "--max-check-bytes");
  }

  @Test
  void maxCheckBytesDecidesWhetherTheCheckRuns() throws IOException {
    Path in = write("expand", RunawayModels.hugeRunOutput(1024, 1024)); // a 4 MiB output
    assertOneLineError(Cli.run("validate", "--max-check-bytes", "1M", in.toString(), in.toString()),
        ExitCodes.CHECK_FAILED, "over the check's memory budget of 1.0 MiB");
    Cli.Result ok = Cli.run("validate", "--max-check-bytes", "64M", in.toString(), in.toString());
    assertThat(ok.exitCode()).as(ok.err() + ok.out()).isZero();
    assertOneLineError(Cli.run("simplify", "--max-check-bytes", "1M", in.toString(), "-o",
        dir.resolve("s.onnx").toString()), ExitCodes.CHECK_FAILED, "--max-check-bytes");
    assertThat(dir.resolve("s.onnx")).doesNotExist();
    Cli.Result check = Cli.run("check", "--max-check-bytes", "1M", in.toString());
    assertThat(check.exitCode()).as(check.out()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(check.out()).contains("check not made");
  }

  @Test
  void aZeroCheckBudgetIsAUsageError() throws IOException {
    Path in = write("expand", RunawayModels.hugeRunOutput(2, 2));
    Cli.Result r = Cli.run("validate", "--max-check-bytes", "0", in.toString(), in.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--max-check-bytes must be positive");
  }

  @Test
  void simplifyRefusesADeclaredGibibyteInput() throws IOException {
    Path in = write("neg", RunawayModels.declaredHugeInput(16384));
    assertOneLineError(Cli.run("simplify", in.toString(), "-o", dir.resolve("s.onnx").toString()),
        ExitCodes.CHECK_FAILED, "check not made", "1.0 GiB");
  }
}
