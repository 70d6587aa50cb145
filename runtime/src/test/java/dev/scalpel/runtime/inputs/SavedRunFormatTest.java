package dev.scalpel.runtime.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SavedRunFormatTest {
  @TempDir
  Path dir;

  /**
   * Every element type ONNX Runtime returns through the Java API, each with its edge values (bit
   * patterns written by hand: NaN, infinities, negative zero, subnormals, extremes).
   */
  private static Map<String, Tensor> everyType() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("f32", tensor("f32", DataType.FLOAT, 4, b -> {
      for (int bits : new int[] {0x3f800000, 0xbf800000, 0x7fc00000, 0x7f800000, 0xff800000, 0x80000000, 0x00000001,
          0x7f7fffff, 0x3dcccccd}) {
        b.putInt(bits);
      }
    }));
    m.put("f64", tensor("f64", DataType.DOUBLE, 8, b -> {
      for (long bits : new long[] {0x3fb999999999999aL, 0x7ff8000000000000L, 0xfff0000000000000L, 0x8000000000000000L,
          0x0000000000000001L, 0x7fefffffffffffffL}) {
        b.putLong(bits);
      }
    }));
    m.put("f16", tensor("f16", DataType.FLOAT16, 2, b -> {
      for (int bits : new int[] {0x3c00, 0x7e00, 0x7c00, 0xfc00, 0x8000, 0x0001, 0x7bff, 0x2e66}) {
        b.putShort((short) bits);
      }
    }));
    m.put("bf16", tensor("bf16", DataType.BFLOAT16, 2, b -> {
      for (int bits : new int[] {0x3f80, 0x7fc0, 0x7f80, 0xff80, 0x8000, 0x0001, 0x7f7f, 0x3dcd}) {
        b.putShort((short) bits);
      }
    }));
    m.put("i8", tensor("i8", DataType.INT8, 1, b -> b.put((byte) -128).put((byte) 127).put((byte) 0).put((byte) -1)));
    m.put("i16", tensor("i16", DataType.INT16, 2, b -> b.putShort(Short.MIN_VALUE).putShort(Short.MAX_VALUE).putShort((short) -2)));
    m.put("i32", tensor("i32", DataType.INT32, 4, b -> b.putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE).putInt(7)));
    m.put("i64", tensor("i64", DataType.INT64, 8, b -> b.putLong(Long.MIN_VALUE).putLong(Long.MAX_VALUE).putLong(-3)));
    m.put("u8", tensor("u8", DataType.UINT8, 1, b -> b.put((byte) 0).put((byte) 255).put((byte) 128)));
    m.put("bool", tensor("bool", DataType.BOOL, 1, b -> b.put((byte) 1).put((byte) 0).put((byte) 1)));
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"run.npz", "run.json"})
  void everyTypeRoundTripsBitForBit(String fileName) throws IOException {
    Map<String, Tensor> tensors = everyType();
    Map<String, Tensor> inputs = Map.of("x", tensors.get("f32"));
    Path file = dir.resolve(fileName);
    SavedRunFormat.write(new SavedRun(inputs, tensors), file, Long.MAX_VALUE);

    SavedRun read = SavedRunFormat.read(file, Map.of());

    assertThat(read.inputs().keySet()).containsExactly("x");
    assertThat(bytes(read.inputs().get("x"))).isEqualTo(bytes(tensors.get("f32")));
    assertThat(read.outputs().keySet()).containsExactlyElementsOf(tensors.keySet());
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = read.outputs().get(e.getKey());
      assertThat(t.name()).isEqualTo(e.getKey());
      assertThat(t.dataType()).as(e.getKey()).isEqualTo(e.getValue().dataType());
      assertThat(t.dims()).as(e.getKey()).containsExactly(e.getValue().dims());
      assertThat(bytes(t)).as(e.getKey()).isEqualTo(bytes(e.getValue()));
    }
  }

  @Test
  void npzLayoutIsInputsAndOutputsEntries() throws IOException {
    Path file = dir.resolve("run.npz");
    SavedRunFormat.write(new SavedRun(Map.of("x", DenseTensor.ofFloats("x", new long[] {1}, 2f)),
        Map.of("y", DenseTensor.ofFloats("y", new long[] {1}, 3f))), file, Long.MAX_VALUE);
    assertThat(NpzFormat.read(file).keySet()).containsExactly("inputs/x", "outputs/y");
  }

  @Test
  void bfloat16IsWrittenAsTwoByteVoid() throws IOException {
    byte[] npy = NpyFormat.toBytes(everyType().get("bf16"));
    String header = new String(npy, 10, npy.length - 10 - 16, StandardCharsets.ISO_8859_1);
    assertThat(header).startsWith("{'descr': '<V2', 'fortran_order': False, 'shape': (8,), }");
  }

  /**
   * An archive as numpy.savez writes one, built by hand per the NPY format spec: a version 1.0
   * header (2-byte length) holding little-endian float32, a version 2.0 header (4-byte length)
   * holding big-endian float32, and little- and big-endian int64 and a bool array.
   */
  @Test
  void readsAnArchiveNumpyWrote() throws IOException {
    Path file = dir.resolve("numpy.npz");
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      stored(zip, "inputs/x.npy", npy(1, "<f4", "(2, 2)", le(4, b -> b.putFloat(1f).putFloat(-2f).putFloat(0.5f).putFloat(8f))));
      stored(zip, "inputs/ids.npy", npy(1, ">i8", "(3,)", be(8, b -> b.putLong(1).putLong(-1).putLong(1L << 40))));
      stored(zip, "outputs/y.npy", npy(2, ">f4", "(2, 2)", be(4, b -> b.putFloat(2f).putFloat(-1f).putFloat(1.5f).putFloat(9f))));
      stored(zip, "outputs/mask.npy", npy(2, "|b1", "(2,)", new byte[] {1, 0}));
    }

    SavedRun run = SavedRunFormat.read(file, Map.of());

    assertThat(run.inputs().get("x").toFloatArray()).containsExactly(1f, -2f, 0.5f, 8f);
    assertThat(run.inputs().get("x").dims()).containsExactly(2, 2);
    assertThat(run.inputs().get("ids").toLongArray()).containsExactly(1, -1, 1L << 40);
    assertThat(run.outputs().get("y").toFloatArray()).containsExactly(2f, -1f, 1.5f, 9f);
    assertThat(run.outputs().get("mask").dataType()).isEqualTo(DataType.BOOL);
    assertThat(run.outputs().keySet()).containsExactly("y", "mask");
  }

  /**
   * The JSON polygraphy run writes, laid out by hand as its encoder does: --save-outputs a
   * RunResults of one runner and iteration (arrays base64 .npy inside a LazyArray), --save-inputs
   * a list of one feed dict.
   */
  @Test
  void readsPolygraphyResultsAndInputs() throws IOException {
    String y = java.util.Base64.getEncoder().encodeToString(
        npy(1, "<f4", "(2,)", le(4, b -> b.putFloat(1.5f).putFloat(-3f))));
    String x = java.util.Base64.getEncoder().encodeToString(
        npy(1, ">i8", "(1, 2)", be(8, b -> b.putLong(7).putLong(-9))));
    Path results = dir.resolve("polygraphy_outputs.json");
    Files.writeString(results, "{\n  \"lst\": [\n    [\n      \"onnxrt-runner-N0-12/07/26-10:00:00\",\n      [\n"
        + "        {\n          \"outputs\": {\n            \"y\": {\n              \"values\": {\n"
        + "                \"array\": \"" + y + "\",\n                \"polygraphy_class\": \"ndarray\"\n              },\n"
        + "              \"polygraphy_class\": \"LazyArray\"\n            }\n          },\n"
        + "          \"runtime\": 0.0012,\n          \"runner_name\": \"onnxrt-runner-N0-12/07/26-10:00:00\",\n"
        + "          \"polygraphy_class\": \"IterationResult\"\n        }\n      ]\n    ]\n  ],\n"
        + "  \"polygraphy_class\": \"RunResults\"\n}\n");
    Path inputs = dir.resolve("polygraphy_inputs.json");
    Files.writeString(inputs, "[{\"x\": {\"array\": \"" + x + "\", \"polygraphy_class\": \"ndarray\"}}]");

    SavedRun run = SavedRunFormat.read(results, Map.of());
    Map<String, Tensor> feed = InputFiles.load(List.of(InputFile.of(inputs)));

    assertThat(run.inputs()).isEmpty();
    assertThat(run.outputs().get("y").toFloatArray()).containsExactly(1.5f, -3f);
    assertThat(feed.get("x").dims()).containsExactly(1, 2);
    assertThat(feed.get("x").toLongArray()).containsExactly(7, -9);

    Path two = dir.resolve("two_feeds.json");
    Files.writeString(two, "[{\"x\": {\"array\": \"" + x + "\", \"polygraphy_class\": \"ndarray\"}}, {}]");
    assertThatThrownBy(() -> InputFiles.load(List.of(InputFile.of(two)))).isInstanceOf(InputDataException.class)
        .hasMessageContaining("holds 2 feed dicts");
    Path twoRunners = dir.resolve("two_runners.json");
    Files.writeString(twoRunners, "{\"lst\": [[\"a\", []], [\"b\", []]], \"polygraphy_class\": \"RunResults\"}");
    assertThatThrownBy(() -> SavedRunFormat.read(twoRunners, Map.of())).isInstanceOf(InputDataException.class)
        .hasMessageContaining("hold 2 runners");
  }

  @Test
  void aPlainArchiveIsAllOutputs() throws IOException {
    Path file = dir.resolve("plain.npz");
    NpzFormat.write(Map.of("y", DenseTensor.ofFloats("y", new long[] {1}, 3f)), file, false);
    SavedRun run = SavedRunFormat.read(file, Map.of());
    assertThat(run.inputs()).isEmpty();
    assertThat(run.outputs().get("y").toFloatArray()).containsExactly(3f);
  }

  @Test
  void aMixedArchiveIsRefused() throws IOException {
    Path file = dir.resolve("mixed.npz");
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("outputs/y", DenseTensor.ofFloats("y", new long[] {1}, 3f));
    m.put("z", DenseTensor.ofFloats("z", new long[] {1}, 3f));
    NpzFormat.write(m, file, false);
    assertThatThrownBy(() -> SavedRunFormat.read(file, Map.of())).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith(file.toString()).hasMessageContaining("'z.npy'").hasMessageContaining("'outputs/y.npy'");
  }

  @Test
  void jsonAsPythonWritesItIsTypedByTheModel() throws IOException {
    Path file = dir.resolve("py.json");
    Files.writeString(file, "{\"inputs\": {\"x\": [[1, 2]]}, \"outputs\": {\"y\": [[2.5, -0.0]], \"n\": 3}}");
    SavedRun run = SavedRunFormat.read(file, Map.of("x", DataType.FLOAT, "y", DataType.DOUBLE, "n", DataType.INT32));
    assertThat(run.inputs().get("x").dataType()).isEqualTo(DataType.FLOAT);
    assertThat(run.outputs().get("y").dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(run.outputs().get("n").dataType()).isEqualTo(DataType.INT32);
    assertThat(run.outputs().get("n").dims()).isEmpty();
    Path plain = dir.resolve("plain.json");
    Files.writeString(plain, "{\"y\": [1.0]}");
    assertThat(SavedRunFormat.read(plain, Map.of()).outputs().keySet()).containsExactly("y");
    assertThat(SavedRunFormat.read(plain, Map.of()).inputs()).isEmpty();
  }

  @Test
  void badJsonNamesTheFileAndPlace() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"outputs\": {\"y\": [1,]}}");
    assertThatThrownBy(() -> SavedRunFormat.read(file, Map.of())).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith(file + ": invalid JSON at line 1, column 22");
  }

  @Test
  void runsOverTheBudgetAreNotWritten() throws IOException {
    SavedRun run = new SavedRun(Map.of(), Map.of("y", DenseTensor.ofFloats("y", new long[] {1000}, new float[1000])));
    Path npz = dir.resolve("big.npz");
    assertThatThrownBy(() -> SavedRunFormat.write(run, npz, 3999)).isInstanceOf(SaveTooLargeException.class)
        .hasMessageContaining("4000 bytes").hasMessageContaining("--max-save-bytes");
    assertThat(npz).doesNotExist();
    SavedRun huge = new SavedRun(Map.of(), Map.of("y", DenseTensor.wrap("y", DataType.UINT8,
        new long[] {SavedRunFormat.JSON_MAX_DATA_BYTES + 1}, ByteBuffer.allocate((int) SavedRunFormat.JSON_MAX_DATA_BYTES + 1))));
    Path json = dir.resolve("big.json");
    assertThatThrownBy(() -> SavedRunFormat.write(huge, json, Long.MAX_VALUE)).isInstanceOf(SaveTooLargeException.class)
        .hasMessageContaining("save as .npz");
    assertThat(json).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void stringsCannotGoToNpz() {
    SavedRun run = new SavedRun(Map.of(), Map.of("s", DenseTensor.ofStrings("s", new long[] {1},
        List.of("a".getBytes(StandardCharsets.UTF_8)))));
    assertThatThrownBy(() -> SavedRunFormat.write(run, dir.resolve("s.npz"), Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("save as .json");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private interface Fill {
    void into(ByteBuffer b);
  }

  private static Tensor tensor(String name, DataType type, int width, Fill fill) {
    ByteBuffer b = ByteBuffer.allocate(64 * width).order(ByteOrder.LITTLE_ENDIAN);
    fill.into(b);
    b.flip();
    return DenseTensor.wrap(name, type, new long[] {b.remaining() / width}, b);
  }

  private static byte[] bytes(Tensor t) {
    ByteBuffer b = t.data();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] le(int width, Fill fill) {
    return fill(width, ByteOrder.LITTLE_ENDIAN, fill);
  }

  private static byte[] be(int width, Fill fill) {
    return fill(width, ByteOrder.BIG_ENDIAN, fill);
  }

  private static byte[] fill(int width, ByteOrder order, Fill fill) {
    ByteBuffer b = ByteBuffer.allocate(16 * width).order(order);
    fill.into(b);
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  /** A .npy file: magic, version, header length (2 bytes in 1.0, 4 in 2.0), padded dict, data. */
  private static byte[] npy(int major, String descr, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int prefix = 8 + (major == 1 ? 2 : 4);
    int length = dict.length() + 1;
    length += (64 - (prefix + length) % 64) % 64;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      out.write(length & 0xff);
      out.write(length >> 8);
    } else {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(length).array());
    }
    out.writeBytes((dict + " ".repeat(length - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry e = new ZipEntry(name);
    CRC32 crc = new CRC32();
    crc.update(content);
    e.setMethod(ZipEntry.STORED);
    e.setSize(content.length);
    e.setCompressedSize(content.length);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(content);
    zip.closeEntry();
  }
}
