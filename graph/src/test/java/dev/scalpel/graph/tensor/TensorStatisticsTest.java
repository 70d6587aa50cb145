package dev.scalpel.graph.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Unmodeled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorStatisticsTest {
  @TempDir
  Path dir;

  @Test
  void floatsCountZerosNansAndInfinitiesAndAverageTheFiniteOnes() {
    DenseTensor t = DenseTensor.ofFloats("w", new long[] {2, 3}, 0f, -2f, 3f, -0f, Float.NaN, Float.POSITIVE_INFINITY);
    TensorStatistics s = TensorStatistics.of(t).orElseThrow();

    assertThat(s).isEqualTo(new TensorStatistics(6, -2, 3, 0.25, 2, 1, 1));
    assertThat(s.sparsity()).isEqualTo(2.0 / 6);
  }

  @Test
  void halfFloatsAndIntegersAreDecodedByType() {
    ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    half.putShort(HalfFloats.floatToHalf(1.5f)).putShort(HalfFloats.floatToHalf(-0.5f)).flip();
    assertThat(TensorStatistics.of(DenseTensor.wrap("h", DataType.FLOAT16, new long[] {2}, half)).orElseThrow())
        .isEqualTo(new TensorStatistics(2, -0.5, 1.5, 0.5, 0, 0, 0));

    // bfloat16 of 2.0 is the top half of 0x40000000
    ByteBuffer bf = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x4000).flip();
    assertThat(TensorStatistics.of(DenseTensor.wrap("b", DataType.BFLOAT16, new long[] {1}, bf)).orElseThrow().max()).isEqualTo(2.0);

    ByteBuffer i8 = ByteBuffer.wrap(new byte[] {-128, 127, 0});
    assertThat(TensorStatistics.of(DenseTensor.wrap("i", DataType.INT8, new long[] {3}, i8)).orElseThrow())
        .isEqualTo(new TensorStatistics(3, -128, 127, -1.0 / 3, 1, 0, 0));
    ByteBuffer u8 = ByteBuffer.wrap(new byte[] {(byte) 255, 1});
    assertThat(TensorStatistics.of(DenseTensor.wrap("u", DataType.UINT8, new long[] {2}, u8)).orElseThrow().max()).isEqualTo(255);
    assertThat(TensorStatistics.of(DenseTensor.ofLongs("l", new long[] {2}, -5, 7)).orElseThrow())
        .isEqualTo(new TensorStatistics(2, -5, 7, 1, 0, 0, 0));
    assertThat(TensorStatistics.of(DenseTensor.ofStrings("s", new long[] {1}, List.of(new byte[] {'a'})))).isEmpty();
  }

  @Test
  void anExternalTensorIsReadInChunksWithTheSameResult() throws IOException {
    // more than two chunks, and a remainder: elements i % 7 - 3, so -3..3 with one zero in seven
    int n = 2 * TensorStatistics.CHUNK_BYTES / 4 + 12_345;
    ByteBuffer bytes = ByteBuffer.allocate(4 * n + 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(0x1234L); // the tensor starts 8 bytes into the file
    long zeros = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      float v = i % 7 - 3;
      bytes.putFloat(v);
      zeros += v == 0 ? 1 : 0;
      sum += v;
    }
    Path file = dir.resolve("w.bin");
    Files.write(file, bytes.array());
    ExternalTensor external = new ExternalTensor("w", DataType.FLOAT, new long[] {n}, file, "w.bin", 8, 4L * n, Unmodeled.NONE);

    TensorStatistics s = TensorStatistics.of(external).orElseThrow();

    assertThat(s.elements()).isEqualTo(n);
    assertThat(s.min()).isEqualTo(-3);
    assertThat(s.max()).isEqualTo(3);
    assertThat(s.zeros()).isEqualTo(zeros);
    assertThat(s.mean()).isCloseTo(sum / n, within(1e-12));
    assertThat(external.isMapped()).as("read through the channel, never mapped").isFalse();
  }
}
