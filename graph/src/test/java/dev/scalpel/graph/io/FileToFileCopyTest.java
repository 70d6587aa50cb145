package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large unchanged tensors are copied from the source file by the kernel when a model is saved; the
 * copy must give exactly the bytes the tensors hold, and must not be used once the source path
 * names another file.
 */
class FileToFileCopyTest {
  @TempDir Path tmp;

  /** Three tensors, two above the by-reference threshold, in a file above the locating threshold. */
  private Path writeSource(String name) throws IOException {
    Model m = SampleModels.chain(List.of(
        SampleModels.bytes("big1", 700_000, 1), SampleModels.bytes("small", 100, 2), SampleModels.bytes("big2", 900_000, 3)));
    Path p = tmp.resolve(name);
    OnnxWriter.write(m, p);
    return p;
  }

  @Test
  void locatesRawDataOfMainGraphInitializers() throws IOException {
    Path src = writeSource("a.onnx");
    Model m = OnnxReader.read(src);
    for (Value v : m.graph().initializers()) {
      ProtoTensor t = (ProtoTensor) v.initializer().orElseThrow();
      SourceRegion r = t.sourceRegion();
      assertThat(r).as(v.name()).isNotNull();
      byte[] fromFile = new byte[(int) r.length()];
      System.arraycopy(Files.readAllBytes(src), (int) r.offset(), fromFile, 0, fromFile.length);
      assertThat(ByteBuffer.wrap(fromFile)).isEqualTo(t.data());
    }
  }

  @Test
  void savingAnUnchangedModelReproducesTheFileExactly() throws IOException {
    Path src = writeSource("a.onnx");
    Path out = tmp.resolve("b.onnx");
    OnnxWriter.write(OnnxReader.read(src), out);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(src));
  }

  @Test
  void editedModelsCopyOnlyWhatIsUnchanged() throws IOException {
    Path src = writeSource("a.onnx");
    Model m = OnnxReader.read(src);
    m.graph().initializers().get(0).setInitializer(SampleModels.bytes("big1", 700_000, 99));
    Path out = tmp.resolve("b.onnx");
    OnnxWriter.write(m, out);
    Model back = OnnxReader.read(out);
    assertThat(back.graph().initializers().get(0).initializer().orElseThrow().data())
        .isEqualTo(SampleModels.bytes("big1", 700_000, 99).data());
    assertThat(back.graph().initializers().get(2).initializer().orElseThrow().data())
        .isEqualTo(SampleModels.bytes("big2", 900_000, 3).data());
  }

  @Test
  void sourceReplacedOnDiskFallsBackToTheBytesInMemory() throws IOException {
    Path src = writeSource("a.onnx");
    byte[] original = Files.readAllBytes(src);
    Model m = OnnxReader.read(src);
    // Another model now lives at the source path: different layout, different bytes.
    Model other = SampleModels.chain(List.of(DenseTensor.wrap("x", dev.scalpel.graph.DataType.UINT8,
        new long[] {2_000_000}, ByteBuffer.allocate(2_000_000))));
    OnnxWriter.write(other, src);
    Path out = tmp.resolve("b.onnx");
    OnnxWriter.write(m, out);
    assertThat(Files.readAllBytes(out)).isEqualTo(original);
  }

  @Test
  void savingOverItsOwnSourceKeepsTheContent() throws IOException {
    Path src = writeSource("a.onnx");
    byte[] original = Files.readAllBytes(src);
    Model m = OnnxReader.read(src);
    OnnxWriter.write(m, src);
    OnnxWriter.write(m, src);
    assertThat(Files.readAllBytes(src)).isEqualTo(original);
  }
}
