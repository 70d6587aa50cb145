package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.testdata.BundledModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetDimsCommandTest {
  @TempDir
  Path dir;

  /** Copies a model of testdata/models into the temporary folder. */
  static Path bundled(String name, Path dir) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = BundledModels.open(name)) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void fixingTheBatchReinfersTheOutputShape() throws IOException {
    Path in = bundled("tiny_cnn.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", out.toString(), "--input-shape", "x=4x3x8x8");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Model m = OnnxReader.read(out);
    assertThat(m.graph().inputs().get(0).shape()).contains(Shape.of(4, 3, 8, 8));
    // NOTE: the file declares logits [batch,10]; the stale batch must give way to 4.
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(4, 10));
  }

  @Test
  void aDimBecomesSymbolicAndASymbolIsRenamedEverywhere() throws IOException {
    Path in = bundled("tiny_cnn.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", out.toString(), "--input-dim", "x:2=h", "--rename-dim", "batch=N");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Model m = OnnxReader.read(out);
    assertThat(m.graph().inputs().get(0).shape()).contains(Shape.of(Dim.of("N"), Dim.of(3), Dim.of("h"), Dim.of(8)));
    assertThat(m.graph().outputs().get(0).shape().get().dim(0)).isEqualTo(Dim.of("N"));
  }

  @Test
  void aReshapeThatCannotHoldTheNewBatchIsAContradictionAndNothingIsWritten() throws IOException {
    Path in = bundled("fixed_batch_transformer.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", out.toString(), "--input-shape", "x=2x8x32");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    // [2,8,32] holds 512 elements; the exported target [1,8,4,8] holds 256.
    assertThat(r.out()).contains("[contradiction] Reshape '/Reshape'").contains("[1, 8, 4, 8]")
        .contains("256").contains("512").contains("not written");
    assertThat(out).doesNotExist();

    Cli.Result anyway = Cli.run("set-dims", in.toString(), "-o", out.toString(), "--input-shape", "x=2x8x32",
        "--allow-contradictions");
    assertThat(anyway.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(out).isRegularFile();
  }

  @Test
  void aSymbolicBatchThatOnlyWorksAtOneIsReportedAsACondition() throws IOException {
    Path in = bundled("fixed_batch_transformer.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", out.toString(), "--input-dim", "x:0=batch");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("[conditional] Reshape").contains("runs only when 256*batch = 256");
    assertThat(out).isRegularFile();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--input-shape|x1x3x8x8|expected INPUT=D0xD1x...",
      "--input-shape|x=1x-3x8x8|dim -3 in 'x=1x-3x8x8' is negative",
      "--input-shape|x=1x3xx8|empty dim in 'x=1x3xx8'",
      "--input-shape|x=1x3x8x8!|'8!' in 'x=1x3x8x8!' is neither a size nor a symbol",
      "--input-shape|x=2x3x8|gives 3 dims, but input 'x' has rank 4",
      "--input-dim|x=batch|expected INPUT:AXIS=DIM",
      "--input-dim|x:a=batch|axis 'a' in 'x:a=batch' is not an integer",
      "--input-dim|x:4=batch|axis 4 is out of range for input 'x' of rank 4",
      "--input-dim|x:-5=batch|axis -5 is out of range for input 'x' of rank 4",
      "--input-dim|images:0=batch|the model has no input named 'images'; its inputs: x",
      "--rename-dim|batch|expected OLD=NEW",
      "--rename-dim|seq=N|the model has no dim named 'seq'; its dims: batch",
  })
  void badSpecsAreUsageErrorsThatWriteNothing(String option, String value, String message) throws IOException {
    Path in = bundled("tiny_cnn.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", out.toString(), option, value);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  @Test
  void withoutAnyChangeItIsAUsageError() throws IOException {
    Path in = bundled("tiny_cnn.onnx", dir);

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", dir.resolve("out.onnx").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("nothing to do");
  }
}
