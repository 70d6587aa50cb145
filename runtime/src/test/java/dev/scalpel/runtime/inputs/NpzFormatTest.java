package dev.scalpel.runtime.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzFormatTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void storedAndDeflatedArchivesRoundTrip(boolean compressed) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("input_ids", DenseTensor.ofLongs("input_ids", new long[] {1, 3}, 101, 7592, 102));
    tensors.put("pixels", DenseTensor.ofFloats("pixels", new long[] {2, 2}, 0.5f, 1, 2, 3));
    tensors.put("mask", DenseTensor.wrap("mask", DataType.BOOL, new long[] {3}, ByteBuffer.wrap(new byte[] {1, 0, 1})));
    Path file = dir.resolve("inputs.npz");
    NpzFormat.write(tensors, file, compressed);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(zip.stream().map(ZipEntry::getMethod))
          .containsOnly(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED);
      assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("input_ids.npy", "pixels.npy", "mask.npy");
    }

    Map<String, Tensor> read = NpzFormat.read(file);
    assertThat(read.keySet()).containsExactly("input_ids", "pixels", "mask");
    assertThat(read.get("input_ids").name()).isEqualTo("input_ids");
    assertThat(read.get("input_ids").toLongArray()).containsExactly(101, 7592, 102);
    assertThat(read.get("pixels").dims()).containsExactly(2, 2);
    assertThat(read.get("pixels").toFloatArray()).containsExactly(0.5f, 1, 2, 3);
    assertThat(read.get("mask").dataType()).isEqualTo(DataType.BOOL);
  }

  @Test
  void foldersInTheArchiveAreSkipped() throws IOException {
    Path file = zip("a.npz", Map.of("sub/", new byte[0],
        "sub/x.npy", NpyFormat.toBytes(DenseTensor.vector("x", 4))));
    assertThat(NpzFormat.read(file).keySet()).containsExactly("sub/x");
  }

  @Test
  void malformedArchivesAreRefused() throws IOException {
    Path notZip = dir.resolve("plain.npz");
    Files.write(notZip, "hello".getBytes());
    refused(notZip, "not a valid zip file");

    refused(zip("empty.npz", Map.of()), "holds no .npy arrays");
    refused(zip("other.npz", Map.of("readme.txt", "hi".getBytes())), "entry 'readme.txt' is not a .npy file");
    refused(zip("badnpy.npz", Map.of("x.npy", new byte[] {1, 2, 3})), "(entry 'x.npy'): not a .npy file");

    byte[] npy = NpyFormat.toBytes(DenseTensor.vector("x", 1, 2, 3));
    byte[] truncated = java.util.Arrays.copyOf(npy, npy.length - 1);
    refused(zip("trunc.npz", Map.of("x.npy", truncated)), "(entry 'x.npy'): truncated");

    // A deflated entry whose compressed bytes are damaged.
    Path good = dir.resolve("good.npz");
    NpzFormat.write(Map.of("x", DenseTensor.vector("x", new long[64])), good, true);
    byte[] bytes = Files.readAllBytes(good);
    for (int i = 40; i < 60; i++) {
      bytes[i] ^= 0x5a;
    }
    Path damaged = dir.resolve("damaged.npz");
    Files.write(damaged, bytes);
    assertThatThrownBy(() -> NpzFormat.read(damaged)).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith(damaged.toString());
  }

  private void refused(Path file, String message) {
    assertThatThrownBy(() -> NpzFormat.read(file)).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith(file.toString()).hasMessageContaining(message);
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }
}
