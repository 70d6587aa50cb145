package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.WriteOptions.Layout;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.LazyTensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models whose inline data would pass protobuf's 2 GiB limit. The big tensors are lazy tensors
 * whose data is a mapping of a sparse file, so nothing big is ever on the heap.
 */
class TwoGibLimitTest {
  private static final long GIB = 1L << 30;
  /** Two 1 GiB tensors: 2 GiB together, over the limit, though each alone is under it. */
  private static final int TENSORS = 2;

  @TempDir Path tmp;

  /** A sparse file of {@code TENSORS} GiB with byte {@code i * GIB + 12345} set to {@code i + 1}. */
  private Path sparseSource() throws IOException {
    Path f = tmp.resolve("source.bin");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(TENSORS * GIB);
      for (int i = 0; i < TENSORS; i++) {
        raf.seek(i * GIB + 12345);
        raf.write(i + 1);
      }
    }
    return f;
  }

  private static Tensor mappedSlice(String name, Path file, long offset) {
    return new LazyTensor(name, DataType.UINT8, new long[] {GIB}, () -> {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        return DenseTensor.wrap(name, DataType.UINT8, new long[] {GIB},
            ch.map(FileChannel.MapMode.READ_ONLY, offset, GIB));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private Model bigModel(Path source) {
    return SampleModels.chain(List.of(
        SampleModels.bytes("small", 100, 7), mappedSlice("big0", source, 0), mappedSlice("big1", source, GIB)));
  }

  @Test
  void keepMovesDataExternalWhenInlineWouldExceed2GiB() throws IOException {
    Path out = tmp.resolve("out/m.onnx");

    OnnxWriter.write(bigModel(sparseSource()), out, WriteOptions.defaults());

    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(out));
    assertThat(proto.getSerializedSize()).isLessThan(1 << 20);
    for (TensorProto t : proto.getGraph().getInitializerList()) {
      assertThat(t.getDataLocation()).as(t.getName()).isEqualTo(
          t.getName().equals("small") ? TensorProto.DataLocation.DEFAULT : TensorProto.DataLocation.EXTERNAL);
    }
    Model back = OnnxReader.read(out);
    for (int i = 0; i < TENSORS; i++) {
      Tensor t = back.graph().initializer("big" + i).orElseThrow().initializer().orElseThrow();
      assertThat(t.isExternal()).isTrue();
      assertThat(t.byteSize()).isEqualTo(GIB);
      assertThat(t.data().get(12345)).isEqualTo((byte) (i + 1));
      assertThat(t.data().get(12346)).isZero();
    }
    assertThat(back.graph().initializer("small").orElseThrow().initializer().orElseThrow().data())
        .isEqualTo(SampleModels.bytes("small", 100, 7).data());
    DiskUsage.allocatedBytes(out.resolveSibling("m.onnx.data")).ifPresent(bytes ->
        assertThat(bytes).as("zero runs are written as holes").isLessThan(64L << 20));
  }

  @Test
  void inlineIsRefusedWithAMessageSayingHow() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));

    assertThatThrownBy(() -> OnnxWriter.write(bigModel(sparseSource()), out.resolve("m.onnx"),
        WriteOptions.defaults().withLayout(Layout.INLINE)))
        .isInstanceOf(ModelTooLargeException.class)
        .hasMessageContaining("exceeds protobuf's 2 GiB limit")
        .hasMessageContaining("WriteOptions.Layout.EXTERNAL");
    try (var s = Files.list(out)) {
      assertThat(s).isEmpty();
    }
  }
}
