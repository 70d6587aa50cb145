package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where outputs go: a missing folder is the user's to create (or --mkdirs), a failed write names the user's path. */
class OutputFolderCommandTest {
  @TempDir
  Path dir;

  @Test
  void aMissingOutputFolderIsAnErrorWithoutMkdirs() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));
    Path out = dir.resolve("typo").resolve("m.onnx");

    Cli.Result r = Cli.run("convert", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(dir.resolve("typo").toString()).contains("--mkdirs");
    assertThat(dir.resolve("typo")).doesNotExist();
  }

  @Test
  void mkdirsCreatesTheFolder() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));
    Path out = dir.resolve("new").resolve("deeper").resolve("m.onnx");

    Cli.Result r = Cli.run("convert", in.toString(), "-o", out.toString(), "--mkdirs");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(out).isRegularFile();
  }

  @Test
  void aMissingOutputDirIsAnErrorWithoutMkdirs() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));

    Cli.Result r = Cli.run("simplify", in.toString(), "-O", dir.resolve("nowhere").toString(), "--no-validate");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("nowhere").contains("--mkdirs");
  }

  @Test
  void trtFixTakesTheSameOutputOptions() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));

    Cli.Result missing = Cli.run("trt", in.toString(), "--fix", "-o", dir.resolve("typo").resolve("m.onnx").toString());
    Cli.Result intoDir = Cli.run("trt", in.toString(), "--fix", "-O", dir.resolve("fixed").toString(), "--mkdirs");
    Cli.Result withoutFix = Cli.run("trt", in.toString(), "-O", dir.resolve("fixed").toString());

    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains(dir.resolve("typo").toString()).contains("--mkdirs");
    assertThat(dir.resolve("typo")).doesNotExist();
    assertThat(intoDir.exitCode()).as(intoDir.out() + intoDir.err()).isEqualTo(ExitCodes.OK);
    assertThat(dir.resolve("fixed").resolve("in.onnx")).isRegularFile();
    assertThat(withoutFix.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(withoutFix.err()).contains("only written with --fix");
  }

  @Test
  void aFolderThatCannotHoldFilesIsAnIoErrorNamingTheUsersPath() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));
    // NOTE: /proc exists but refuses new files: the write fails after the checks, at the temporary.
    Path out = Path.of("/proc/scalpel-test.onnx");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")), "needs Linux /proc");

    Cli.Result r = Cli.run("convert", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(r.err()).contains("/proc/scalpel-test.onnx").doesNotContain(".scalpel-tmp-");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void zeroSizedDimsAreRefused() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));
    String input = TestModels.relu().graph().inputs().get(0).name();

    Cli.Result simplify = Cli.run("simplify", in.toString(), "-o", dir.resolve("s.onnx").toString(),
        "--input-shape", input + "=0x3");
    Cli.Result setDims = Cli.run("set-dims", in.toString(), "-o", dir.resolve("d.onnx").toString(),
        "--input-shape", input + "=0x3");

    assertThat(simplify.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(simplify.err()).contains("zero-sized");
    assertThat(setDims.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dir.resolve("s.onnx")).doesNotExist();
    assertThat(dir.resolve("d.onnx")).doesNotExist();
  }
}
