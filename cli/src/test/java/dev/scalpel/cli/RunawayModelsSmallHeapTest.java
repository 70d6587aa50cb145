package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.fold.RunawayModels;
import dev.scalpel.testdata.ChildClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13's measurement 4: the resource-exhaustion models run by {@code scalpel} in a JVM of 512
 * MiB of heap end with their result or a one-line refusal, never an OutOfMemoryError or a stack
 * trace; and an OutOfMemoryError that does happen (a budget raised past the heap) is one line,
 * exit 70, naming the command's budget option.
 */
class RunawayModelsSmallHeapTest {
  @TempDir
  Path dir;

  private record Run(int exitCode, String out, String err) {}

  /** Runs {@code args} (a command with --[no-]progress) in a JVM of its own. */
  private Run scalpel(String heap, String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, heap, "-cp", ChildClassPath.of(),
        ScalpelCommand.class.getName()));
    command.addAll(List.of(args));
    // NOTE: stderr is a file here, where progress would be plain lines; these tests are about the error line.
    command.add("--no-progress");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("scalpel " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path write(String name, Model m) throws IOException {
    Path file = dir.resolve(name + ".onnx");
    OnnxWriter.write(m, file);
    return file;
  }

  private static void assertOneLine(Run r, int exitCode, String fragment) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
    assertThat(r.err().strip().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(fragment).doesNotContain("\tat ").doesNotContain("Exception in thread");
  }

  @Test
  void concatDoublingFoldsWithinTheBudgetAndSimplifyRefusesItsCheck() throws Exception {
    String model = write("doubling", RunawayModels.concatDoubling(30)).toString();
    Run fold = scalpel("-Xmx512m", "fold", model, "-o", dir.resolve("f.onnx").toString());
    assertThat(fold.exitCode()).as(fold.err()).isZero();
    assertThat(fold.err()).isEmpty();
    assertThat(fold.out()).contains("not folded Concat");
    // The original computes 4 GiB, so its check cannot be made: one line, exit 1.
    assertOneLine(scalpel("-Xmx512m", "simplify", model, "-o", dir.resolve("s.onnx").toString()),
        ExitCodes.CHECK_FAILED, "--max-check-bytes");
  }

  @Test
  void declaredHugeInputAndHugeRunOutputAreRefusedBeforeTheyRun() throws Exception {
    String input = write("neg", RunawayModels.declaredHugeInput(16384)).toString();
    assertOneLine(scalpel("-Xmx512m", "validate", input, input), ExitCodes.CHECK_FAILED, "1.0 GiB");
    String output = write("expand", RunawayModels.hugeRunOutput(1L << 16, 1L << 15)).toString();
    assertOneLine(scalpel("-Xmx512m", "simplify", output, "-o", dir.resolve("s.onnx").toString()),
        ExitCodes.CHECK_FAILED, "8.0 GiB");
  }

  @Test
  void anOnnxRuntimeFoldPredictedOverTheBudgetIsNotRun() throws Exception {
    String model = write("pad", RunawayModels.hugePad(1L << 30)).toString();
    Run fold = scalpel("-Xmx512m", "fold", model, "-o", dir.resolve("f.onnx").toString());
    assertThat(fold.exitCode()).as(fold.err()).isZero();
    assertThat(fold.out()).contains("over the limit of 1048576 bytes");
  }

  private static Model runaway(String name) {
    return switch (name) {
      case "concat_doubling" -> RunawayModels.concatDoubling(30);
      case "concat_neg_doubling" -> RunawayModels.concatNegDoubling(30);
      case "huge_pad" -> RunawayModels.hugePad(1L << 30);
      case "huge_resize" -> RunawayModels.hugeResize(32768f);
      case "outer_product" -> RunawayModels.outerProduct(1L << 15);
      case "declared_huge_input" -> RunawayModels.declaredHugeInput(16384);
      case "huge_run_output" -> RunawayModels.hugeRunOutput(1L << 16, 1L << 15);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * The runs of the resource-exhaustion models that the tests above do not make: each ends,
   * in 512 MiB of heap, with its result (exit 0, nothing on the error stream) or with one line and
   * the exit status of a refused check (1) or model (3); never 70, never a stack trace.
   */
  @ParameterizedTest(name = "{1} {0}")
  @CsvSource({
    "concat_doubling, fold --no-ort-folding",
    "concat_neg_doubling, fold",
    "concat_neg_doubling, fold --no-ort-folding",
    "concat_neg_doubling, simplify",
    "huge_pad, fold --no-ort-folding",
    "huge_pad, simplify",
    "huge_resize, fold",
    "huge_resize, simplify",
    "outer_product, fold",
    "outer_product, simplify",
    "declared_huge_input, simplify",
    "huge_run_output, fold",
  })
  void everyRunawayModelEndsInASmallHeapWithItsResultOrOneLine(String name, String command) throws Exception {
    String model = write(name, runaway(name)).toString();
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of(model, "-o", dir.resolve(name + ".out.onnx").toString()));
    Run r = scalpel("-Xmx512m", args.toArray(String[]::new));
    if (r.exitCode() == ExitCodes.OK) {
      assertThat(r.err()).as(command + " " + name).isEmpty();
    } else {
      assertThat(r.exitCode()).as(command + " " + name + ": " + r.err()).isIn(ExitCodes.CHECK_FAILED, ExitCodes.INVALID_MODEL);
      assertOneLine(r, r.exitCode(), "");
    }
  }

  @Test
  void anOutOfMemoryErrorIsOneLineNamingTheBudgetOption() throws Exception {
    // A fold budget of 8 GiB lets the doubling run into a 64 MiB heap.
    String model = write("doubling", RunawayModels.concatDoubling(30)).toString();
    Run r = scalpel("-Xmx64m", "fold", "--no-ort-folding", "--fold-budget", "8G", model, "-o", dir.resolve("f.onnx").toString());
    assertOneLine(r, ExitCodes.INTERNAL_ERROR, "out of memory");
    assertThat(r.err()).contains("--fold-budget").contains("JAVA_OPTS=-Xmx");
    Run debug = scalpel("-Xmx64m", "--debug", "fold", "--no-ort-folding", "--fold-budget", "8G", model, "-o",
        dir.resolve("f.onnx").toString());
    assertThat(debug.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(debug.err()).contains("java.lang.OutOfMemoryError").contains("\tat ");
  }
}
