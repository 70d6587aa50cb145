package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  @TempDir
  Path dir;

  @Test
  void roundTripKeepsTheModel() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("wrote " + out).doesNotContain("data");
    // Written from the same IR with the same (inline) layout, the files are byte-identical.
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));
    assertThat(OnnxWriter.toBytes(OnnxReader.read(out))).isEqualTo(OnnxWriter.toBytes(OnnxReader.read(in)));
  }

  @Test
  void externalDataIsAlignedAndReadsBackEqual() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out").resolve("m.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--external-data", "m.weights");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("data m.weights");
    Path data = out.resolveSibling("m.weights");
    assertThat(data).isRegularFile();
    Model model = OnnxReader.read(out);
    int external = 0;
    for (Value v : model.graph().initializers()) {
      Tensor t = v.initializer().orElseThrow();
      if (t instanceof ExternalTensor ext) {
        external++;
        assertThat(ext.offset() % 4096).as(v.name()).isZero();
        assertThat(ext.file().getFileName().toString()).isEqualTo("m.weights");
      } else {
        assertThat(t.byteSize()).as(v.name()).isLessThan(1024);
      }
    }
    assertThat(external).isEqualTo(2);
    assertThat(OnnxWriter.toBytes(model)).isEqualTo(OnnxWriter.toBytes(OnnxReader.read(in)));
  }

  @Test
  void externalWithoutNameUsesOutputNameDotData() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--external", "--size-threshold", "1k");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(dir.resolve("out.onnx.data")).isRegularFile();
  }

  @Test
  void sizeThresholdKeepsSmallerTensorsInline() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--external", "--size-threshold", "8K");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    List<String> external = OnnxReader.read(out).graph().initializers().stream()
        .filter(v -> v.initializer().orElseThrow().isExternal()).map(Value::name).toList();
    assertThat(external).containsExactly("w");
  }

  @Test
  void inlineDataBringsExternalTensorsBack() throws IOException {
    Path in = dir.resolve("in.onnx");
    OnnxWriter.write(TestModels.weighted(), in, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));
    Path out = dir.resolve("inline").resolve("in.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--inline-data");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
    Model model = OnnxReader.read(out);
    assertThat(model.graph().initializers()).noneMatch(v -> v.initializer().orElseThrow().isExternal());
    assertThat(OnnxWriter.toBytes(model)).isEqualTo(Files.readAllBytes(TestModels.write(TestModels.weighted(), dir.resolve("ref.onnx"))));
  }

  @Test
  void filePerTensorWritesOneFileEach() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out").resolve("m.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--external", "--data-file-per-tensor");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("data in 2 files");
    assertThat(out.resolveSibling("w.bin")).isRegularFile();
    assertThat(out.resolveSibling("b.bin")).isRegularFile();
  }

  @Test
  void inlineConflictsWithExternal() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--inline-data", "--external-data", "x.bin");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--inline-data conflicts with").contains("scalpel convert --help");
    assertThat(out).doesNotExist();
  }

  @Test
  void unsafeDataFileNameIsAUsageError() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("o.onnx").toString(), "--external-data", "../x.bin");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("plain file name");
  }

  @Test
  void badSizeThresholdIsAUsageError() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("o.onnx").toString(), "--size-threshold", "lots");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("not a byte count");
  }

  @Test
  void manyInputsIntoAFolder() throws IOException {
    Path a = TestModels.write(TestModels.weighted(), dir.resolve("a.onnx"));
    Path b = TestModels.write(TestModels.relu(), dir.resolve("b.onnx"));
    Path outDir = dir.resolve("converted");

    Cli.Result r = Cli.run("convert", "--mkdirs", a.toString(), b.toString(), "-O", outDir.toString(), "--external");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out().lines()).hasSize(2);
    assertThat(outDir.resolve("a.onnx")).isRegularFile();
    assertThat(outDir.resolve("a.onnx.data")).isRegularFile();
    assertThat(outDir.resolve("b.onnx")).isRegularFile();
    assertThat(outDir.resolve("b.onnx.data")).doesNotExist();
    assertThat(OnnxWriter.toBytes(OnnxReader.read(outDir.resolve("b.onnx")))).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void quietPrintsNothing() throws IOException {
    Path a = TestModels.write(TestModels.relu(), dir.resolve("a.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", "-q", a.toString(), "-O", dir.resolve("o").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void sameFileNameTwiceIsRefused() throws IOException {
    Path a = TestModels.write(TestModels.relu(), Files.createDirectories(dir.resolve("x")).resolve("m.onnx"));
    Path b = TestModels.write(TestModels.relu(), Files.createDirectories(dir.resolve("y")).resolve("m.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", a.toString(), b.toString(), "-O", dir.resolve("out").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("would both be written to");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void externalDataFileWithManyInputsIsRefused() throws IOException {
    Path a = TestModels.write(TestModels.relu(), dir.resolve("a.onnx"));
    Path b = TestModels.write(TestModels.relu(), dir.resolve("b.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", a.toString(), b.toString(), "-O", dir.resolve("out").toString(),
        "--external-data", "w.bin");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void needsExactlyOneOfOutputAndOutputDir() throws IOException {
    Path a = TestModels.write(TestModels.relu(), dir.resolve("a.onnx"));

    assertThat(Cli.run("convert", "--mkdirs", a.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("convert", "--mkdirs", a.toString(), "-o", "x.onnx", "-O", "d").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("convert", "--mkdirs", a.toString(), a.toString(), "-o", dir.resolve("x.onnx").toString()).err())
        .contains("-o takes one input");
    Cli.Result toFolder = Cli.run("convert", "--mkdirs", a.toString(), "-o", dir.toString());
    assertThat(toFolder.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(toFolder.err()).contains("is a folder");
  }

  @Test
  void refusesToOverwriteTheInputWithoutForce() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    byte[] before = Files.readAllBytes(in);
    long modified = Files.getLastModifiedTime(in).toMillis();

    Cli.Result viaFile = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve(".").resolve("in.onnx").toString());
    Cli.Result viaDir = Cli.run("convert", "--mkdirs", in.toString(), "-O", dir.toString());

    for (Cli.Result r : List.of(viaFile, viaDir)) {
      assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("refusing to overwrite the input").contains("--force");
    }
    assertThat(Files.readAllBytes(in)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(in).toMillis()).isEqualTo(modified);
  }

  @Test
  void forceReplacesTheInput() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", in.toString(), "--force", "--external");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(dir.resolve("in.onnx.data")).isRegularFile();
    assertThat(OnnxWriter.toBytes(OnnxReader.read(in)))
        .isEqualTo(OnnxWriter.toBytes(TestModels.weighted()));
  }

  @Test
  void badModelLeavesNoOutput() throws IOException {
    byte[] bytes = Files.readAllBytes(TestModels.write(TestModels.weighted(), dir.resolve("good.onnx")));
    Path bad = Files.write(dir.resolve("bad.onnx"), Arrays.copyOf(bytes, bytes.length - 7));
    Path outDir = dir.resolve("out");

    Cli.Result single = Cli.run("convert", "--mkdirs", bad.toString(), "-o", outDir.resolve("x.onnx").toString(), "--external");
    Cli.Result many = Cli.run("convert", "--mkdirs", bad.toString(), dir.resolve("good.onnx").toString(), "-O", outDir.toString());

    assertThat(single.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(single.err()).startsWith("error: ").doesNotContain("\tat ");
    assertThat(many.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    try (Stream<Path> files = Files.list(outDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("good.onnx");
    }
  }

  @Test
  void forceRewritesAModelWithExternalDataInPlaceUnderTheOtherDataName() throws IOException {
    // The replaced model reads m.onnx.data, so the new data goes to m.onnx.1.data, the model is
    // renamed last, and only then is m.onnx.data deleted: a kill never leaves a model with the
    // other version's data.
    Path in = dir.resolve("m.onnx");
    OnnxWriter.write(TestModels.weighted(), in, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", in.toString(), "--force");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("data m.onnx.1.data");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.onnx", "m.onnx.1.data");
    }
    assertThat(OnnxWriter.toBytes(OnnxReader.read(in))).isEqualTo(OnnxWriter.toBytes(TestModels.weighted()));
  }

  @Test
  void refusesToWriteDataOverTheInputModel() throws IOException {
    // Issue 13: this used to replace model.onnx with raw weights and exit 0.
    Path d = Files.createDirectory(dir.resolve("d"));
    Path in = TestModels.write(TestModels.weighted(), d.resolve("model.onnx"));
    byte[] before = Files.readAllBytes(in);

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", d.resolve("model2.onnx").toString(), "--external-data", "model.onnx");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: refusing to replace " + in.toAbsolutePath() + ": it is the input model")
        .contains("--force").hasLineCount(1);
    assertThat(Files.readAllBytes(in)).isEqualTo(before);
    try (Stream<Path> files = Files.list(d)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.onnx");
    }
  }

  @Test
  void refusesToWriteOverADataFileTheInputReadsUnlessForced() throws IOException {
    Path in = dir.resolve("m.onnx");
    OnnxWriter.write(TestModels.weighted(), in, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));
    byte[] data = Files.readAllBytes(dir.resolve("m.onnx.data"));

    Cli.Result asData = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("m2.onnx").toString(), "--external-data", "m.onnx.data");
    Cli.Result asModel = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("m.onnx.data").toString());
    Cli.Result inferred = Cli.run("infer-shapes", in.toString(), "-o", dir.resolve("m.onnx.data").toString());
    Cli.Result folded = Cli.run("fold", in.toString(), "-o", dir.resolve("m.onnx.data").toString());
    Cli.Result simplified = Cli.run("simplify", in.toString(), "-o", dir.resolve("m.onnx.data").toString());

    // NOTE: every command that writes a model goes through OnnxWriter or CheckedEdit's staged
    // model, both of which check the inputs the CLI hands them (OutputTargets.protecting).
    for (Cli.Result r : List.of(asData, asModel, inferred, folded, simplified)) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("refusing to replace").contains("m.onnx.data").contains("--force");
    }
    assertThat(Files.readAllBytes(dir.resolve("m.onnx.data"))).isEqualTo(data);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.onnx", "m.onnx.data");
    }

    Cli.Result forced = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("m2.onnx").toString(),
        "--external-data", "m.onnx.data", "--force");
    assertThat(forced.exitCode()).as(forced.err()).isEqualTo(ExitCodes.OK);
    assertThat(OnnxWriter.toBytes(OnnxReader.read(dir.resolve("m2.onnx")))).isEqualTo(OnnxWriter.toBytes(TestModels.weighted()));
  }

  @Test
  void externalDataNamesWithControlCharactersAreUsageErrors() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));

    for (String bad : List.of("w\n.data", "w\t.data", "sub/w.data")) {
      Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("out.onnx").toString(), "--external-data", bad);
      assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
      // The usage line and the pointer to --help: the name's control character is not printed.
      assertThat(r.err()).startsWith("error: external data file name").hasLineCount(2);
    }
    assertThat(dir.resolve("out.onnx")).doesNotExist();
  }

  @Test
  void missingInputIsAUsageErrorAndWritesNothing() {
    Cli.Result r = Cli.run("convert", "--mkdirs", dir.resolve("nope.onnx").toString(), "-O", dir.resolve("out").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no such file");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void outputUnderAFileIsAnIoErrorWithAReadableMessage() throws IOException {
    Path in = TestModels.write(TestModels.relu(), dir.resolve("in.onnx"));

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", dir.resolve("in.onnx").resolve("x.onnx").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(r.err()).isEqualTo("error: already exists (and is in the way): " + in + System.lineSeparator());
  }

  @Test
  void missingExternalDataIsAnInvalidModel() throws IOException {
    Path in = dir.resolve("m.onnx");
    OnnxWriter.write(TestModels.weighted(), in, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));
    Files.delete(dir.resolve("m.onnx.data"));
    Path out = dir.resolve("out").resolve("m.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).contains("m.onnx.data").contains("not found");
    assertThat(out).doesNotExist();
  }

  @Test
  void dataFileNamedLikeTheModelIsRefused() throws IOException {
    Path in = TestModels.write(TestModels.weighted(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out").resolve("m.onnx");

    Cli.Result r = Cli.run("convert", "--mkdirs", in.toString(), "-o", out.toString(), "--external-data", "m.onnx");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("own file name");
    assertThat(out).doesNotExist();
  }
}
