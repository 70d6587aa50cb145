package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.WriteOptions.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 "Files": what a write reads, which names it takes, and what it leaves behind. */
class OutputFilesSafetyTest {
  @TempDir Path tmp;

  private static WriteOptions external() {
    return WriteOptions.defaults().withLayout(Layout.EXTERNAL).withSizeThreshold(0);
  }

  private static Model model(int seed) {
    return SampleModels.chain(List.of(SampleModels.bytes("a", 5000, seed), SampleModels.bytes("b", 7000, seed + 1)));
  }

  static Map<String, byte[]> initializerBytes(Model m) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Value v : m.graph().initializers()) {
      ByteBuffer b = v.initializer().orElseThrow().data();
      byte[] a = new byte[b.remaining()];
      b.get(a);
      out.put(v.name(), a);
    }
    return out;
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aDataFileSwappedForALinkAfterTheReadIsNotFollowedByTheWrite() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("model"));
    OnnxWriter.write(model(1), dir.resolve("m.onnx"), external().withDataFileName("w.data"));
    long size = Files.size(dir.resolve("w.data"));
    Path secret = tmp.resolve("secret.bin");
    byte[] secretBytes = new byte[(int) size];
    java.util.Arrays.fill(secretBytes, (byte) 0x5A);
    Files.write(secret, secretBytes);

    Model loaded = OnnxReader.read(dir.resolve("m.onnx"));
    // The attack: between read and write, the checked data file becomes a link to an outside file.
    Files.delete(dir.resolve("w.data"));
    Files.createSymbolicLink(dir.resolve("w.data"), secret);
    Path out = tmp.resolve("out/o.onnx");
    OnnxWriter.write(loaded, out, external());

    assertThat(initializerBytes(OnnxReader.read(out))).usingRecursiveComparison().isEqualTo(initializerBytes(model(1)));
    byte[] written = Files.readAllBytes(out.resolveSibling("o.onnx.data"));
    assertThat(new String(written, StandardCharsets.ISO_8859_1)).doesNotContain("ZZZZZZZZ");
  }

  @Test
  void writesOverTheSameOutputAlternateBetweenTwoDataNamesAndLeaveNothingElse() throws IOException {
    Path target = tmp.resolve("o/m.onnx");
    OnnxWriter.WriteReport first = OnnxWriter.write(model(1), target, external());
    OnnxWriter.WriteReport second = OnnxWriter.write(model(2), target, external());
    assertThat(listing(target.getParent())).containsExactly("m.onnx", "m.onnx.1.data");
    OnnxWriter.WriteReport third = OnnxWriter.write(model(3), target, external());

    assertThat(first.dataFiles()).containsOnlyKeys(target.resolveSibling("m.onnx.data").toAbsolutePath());
    assertThat(second.dataFiles()).containsOnlyKeys(target.resolveSibling("m.onnx.1.data").toAbsolutePath());
    assertThat(third.dataFiles()).containsOnlyKeys(target.resolveSibling("m.onnx.data").toAbsolutePath());
    assertThat(listing(target.getParent())).containsExactly("m.onnx", "m.onnx.data");
    assertThat(initializerBytes(OnnxReader.read(target))).usingRecursiveComparison().isEqualTo(initializerBytes(model(3)));
  }

  @Test
  void perTensorFilesAlternateToo() throws IOException {
    Path target = tmp.resolve("o/m.onnx");
    OnnxWriter.write(model(1), target, external().withFilePerTensor(true));
    OnnxWriter.write(model(2), target, external().withFilePerTensor(true));
    assertThat(listing(target.getParent())).containsExactly("a.1.bin", "b.1.bin", "m.onnx");
    assertThat(initializerBytes(OnnxReader.read(target))).usingRecursiveComparison().isEqualTo(initializerBytes(model(2)));
  }

  @Test
  void perTensorFileNamesOver255BytesAreHashed() throws IOException {
    String longA = "layer.".repeat(60) + "weight";
    String longB = "layer.".repeat(60) + "bias";
    Model m = SampleModels.chain(List.of(SampleModels.bytes(longA, 3000, 1), SampleModels.bytes(longB, 3000, 2)));
    Path target = tmp.resolve("o/m.onnx");

    OnnxWriter.WriteReport report = OnnxWriter.write(m, target, external().withFilePerTensor(true));

    assertThat(report.dataFiles()).hasSize(2);
    for (Path p : report.dataFiles().keySet()) {
      assertThat(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
      assertThat(p.getFileName().toString()).startsWith("layer_layer_").endsWith(".bin");
    }
    assertThat(initializerBytes(OnnxReader.read(target))).usingRecursiveComparison().isEqualTo(initializerBytes(m));
  }

  @Test
  void dataFileNamesWithControlCharactersOrSeparatorsAreRefused() {
    for (String bad : List.of("w\n.data", "w\r.data", "w\t.data", "a/b.data", "a\\b.data", "..", "x".repeat(256))) {
      assertThatThrownBy(() -> WriteOptions.defaults().withDataFileName(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(WriteOptions.defaults().withDataFileName("wéights.bin").dataFileName()).isEqualTo("wéights.bin");
  }

  @Test
  void staleTemporariesOfThisOutputAreRemovedOnlyWhenTheirProcessIsGone() throws Exception {
    Path target = tmp.resolve("o/m.onnx");
    Files.createDirectories(target.getParent());
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long deadPid = gone.pid();
    long livePid = ProcessHandle.current().parent().orElseThrow().pid(); // surefire's launcher: alive
    String mine = StagedFiles.tempSibling(target, "m.onnx", "").getFileName().toString();
    String other = StagedFiles.tempSibling(target, "other.onnx", "").getFileName().toString();
    String selfPrefix = StagedFiles.TEMP_PREFIX + ProcessHandle.current().pid() + "-";
    Path deadFile = target.resolveSibling(mine.replace(selfPrefix, StagedFiles.TEMP_PREFIX + deadPid + "-"));
    Path deadFolder = target.resolveSibling(deadFile.getFileName() + "x.staging");
    Path liveFile = target.resolveSibling(mine.replace(selfPrefix, StagedFiles.TEMP_PREFIX + livePid + "-"));
    Path otherOutput = target.resolveSibling(other.replace(selfPrefix, StagedFiles.TEMP_PREFIX + deadPid + "-"));
    Files.write(deadFile, new byte[10]);
    Files.createDirectories(deadFolder.resolve("sub"));
    Files.write(deadFolder.resolve("sub/m.onnx.data"), new byte[10]);
    Files.write(liveFile, new byte[10]);
    Files.write(otherOutput, new byte[10]);

    OnnxWriter.write(model(1), target, external());

    assertThat(listing(target.getParent())).containsExactlyInAnyOrder("m.onnx", "m.onnx.data",
        liveFile.getFileName().toString(), otherOutput.getFileName().toString());
  }
}
