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
  void everyCommandThatWritesAModelTakesTheDataLayoutOptions() throws IOException {
    // 2 KiB of weights: over the default --size-threshold of 1024 bytes.
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(13);
    dev.scalpel.graph.Value x = b.input("x", dev.scalpel.graph.DataType.FLOAT, dev.scalpel.graph.Shape.of(2, 512));
    float[] w = new float[512];
    java.util.Arrays.fill(w, 0.25f);
    b.output(b.op("Add", x, b.initializer("w", dev.scalpel.graph.tensor.DenseTensor.ofFloats("w", new long[] {512}, w))));
    Path in = TestModels.write(b.model(), dir.resolve("in.onnx"));
    java.util.Map<String, java.util.List<String>> commands = java.util.Map.of(
        "fold", java.util.List.of(),
        "infer-shapes", java.util.List.of(),
        "set-dims", java.util.List.of("--input-shape", "x=2x512"),
        "make-dynamic", java.util.List.of("--input-dim", "x:0=batch"),
        "edit", java.util.List.of("rename", "--tensor", "w=weights"));
    commands.forEach((command, args) -> {
      Path out = dir.resolve(command + ".onnx");
      java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(command));
      if (command.equals("edit")) {
        all.add(args.get(0));
        all.addAll(java.util.List.of(in.toString(), "-o", out.toString(), "--external"));
        all.addAll(args.subList(1, args.size()));
      } else {
        all.addAll(java.util.List.of(in.toString(), "-o", out.toString(), "--external"));
        all.addAll(args);
      }
      Cli.Result r = Cli.run(all.toArray(String[]::new));
      assertThat(r.exitCode()).as(command + ": " + r.out() + r.err()).isEqualTo(ExitCodes.OK);
      assertThat(dir.resolve(command + ".onnx.data")).as(command).isRegularFile();
    });
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
