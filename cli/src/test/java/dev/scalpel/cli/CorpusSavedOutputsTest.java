package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.runtime.CorpusModels;
import dev.scalpel.runtime.inputs.SavedRun;
import dev.scalpel.runtime.inputs.SavedRunFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reference model through {@code scalpel run --save-outputs} (as .npz and as .json), then
 * {@code scalpel validate MODEL --load-outputs}: the replay at zero tolerance must pass, since the
 * model, the inputs and ONNX Runtime (optimizations off, one thread) are the same. Runs in the
 * corpus profile ({@code mvn -Pcorpus}); prints the file sizes and times per model.
 */
@Tag("corpus")
class CorpusSavedOutputsTest {
  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyModelReplaysItsSavedRun() {
    return CorpusModels.all().stream().flatMap(p -> Stream.of(".npz", ".json").map(ext ->
        DynamicTest.dynamicTest(p.getFileName() + " " + ext, () -> replay(p, ext))));
  }

  private void replay(Path model, String ext) throws IOException {
    Path saved = dir.resolve(model.getFileName() + ext);
    long start = System.nanoTime();
    Cli.Result run = Cli.run("run", model.toString(), "--save-outputs", saved.toString());
    double runMs = (System.nanoTime() - start) / 1e6;
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    SavedRun read = SavedRunFormat.read(saved, Map.of());
    assertThat(read.outputs()).isNotEmpty();

    start = System.nanoTime();
    Cli.Result validate = Cli.run("validate", model.toString(), "--load-outputs", saved.toString(),
        "--atol", "0", "--rtol", "0");
    double validateMs = (System.nanoTime() - start) / 1e6;
    assertThat(validate.exitCode()).as(validate.out() + validate.err()).isEqualTo(ExitCodes.OK);
    assertThat(validate.out()).contains("EQUIVALENT");
    System.out.printf(java.util.Locale.ROOT, "corpus saved-run %-40s %-5s %10d bytes, %d inputs, %d outputs, run %8.1f ms, validate %8.1f ms%n",
        model.getFileName(), ext, Files.size(saved), read.inputs().size(), read.outputs().size(), runMs, validateMs);
  }
}
