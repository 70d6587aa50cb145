package dev.scalpel.runtime.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyFormatTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "FLOAT16", "INT8", "INT16", "INT32", "INT64",
      "UINT8", "UINT16", "UINT32", "UINT64", "BOOL", "COMPLEX64", "COMPLEX128"})
  void everySupportedTypeRoundTrips(DataType type) throws IOException {
    for (long[] dims : new long[][] {{2, 3}, {}, {0}, {4, 1, 2}}) {
      long n = Arrays.stream(dims).reduce(1, Math::multiplyExact);
      byte[] bytes = new byte[(int) type.byteSize(n)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (type == DataType.BOOL ? i % 2 : i * 31 + 7);
      }
      Path file = dir.resolve("x.npy");
      NpyFormat.write(DenseTensor.wrap("x", type, dims, ByteBuffer.wrap(bytes)), file);
      byte[] written = Files.readAllBytes(file);
      int headerLength = (written[8] & 0xff) | (written[9] & 0xff) << 8;
      assertThat((10 + headerLength) % 64).as("data is 64-byte aligned").isZero();
      assertThat(written[10 + headerLength - 1]).isEqualTo((byte) '\n');

      Tensor read = NpyFormat.read(file, "y");
      assertThat(read.name()).isEqualTo("y");
      assertThat(read.dataType()).isEqualTo(type);
      assertThat(read.dims()).containsExactly(dims);
      assertThat(bytes(read)).isEqualTo(bytes);
    }
  }

  @Test
  void writesTheHeaderNumPyWrites() {
    byte[] npy = NpyFormat.toBytes(DenseTensor.ofFloats("x", new long[] {2, 3}, new float[6]));
    assertThat(Arrays.copyOf(npy, 8)).isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    String header = new String(npy, 10, 118, StandardCharsets.US_ASCII);
    assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }   ").endsWith(" \n");
    assertThat(npy).hasSize(128 + 24);
    String vector = new String(NpyFormat.toBytes(DenseTensor.vector("v", 1, 2)), 10, 118, StandardCharsets.US_ASCII);
    assertThat(vector).startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }");
  }

  @Test
  void readsAHandMadeVersion1File() {
    byte[] npy = npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", ints(ByteOrder.LITTLE_ENDIAN, 1, -2, 3));
    DenseTensor t = NpyFormat.read(npy, "a", "a.npy");
    assertThat(t.dataType()).isEqualTo(DataType.INT32);
    assertThat(t.dims()).containsExactly(3);
    assertThat(t.toLongArray()).containsExactly(1, -2, 3);
  }

  @Test
  void readsHandMadeVersion2And3Files() {
    // Keys in another order, double quotes, no trailing comma: NumPy's reader takes all of these.
    byte[] v2 = npy(2, "{\"shape\": (2, 2), \"fortran_order\": False, \"descr\": \"<f8\"}", doubles(1.5, 2.5, -3, 4));
    DenseTensor t = NpyFormat.read(v2, "b", "b.npy");
    assertThat(t.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(t.dims()).containsExactly(2, 2);
    assertThat(t.data().getDouble(16)).isEqualTo(-3);

    byte[] v3 = npy(3, "{'descr': '<u2', 'fortran_order': False, 'shape': (), }", new byte[] {(byte) 0xff, (byte) 0xff});
    assertThat(NpyFormat.read(v3, "c", "c.npy").data().getShort(0)).isEqualTo((short) -1);
  }

  @Test
  void convertsBigEndianData() {
    byte[] npy = npy(1, "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", ints(ByteOrder.BIG_ENDIAN, 7, -9));
    assertThat(NpyFormat.read(npy, "x", "x.npy").toLongArray()).containsExactly(7, -9);
    ByteBuffer c = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f);
    DenseTensor complex = NpyFormat.read(npy(1, "{'descr': '>c8', 'fortran_order': False, 'shape': (1,), }", c.array()), "z", "z.npy");
    assertThat(complex.data().getFloat(0)).isEqualTo(1.5f);
    assertThat(complex.data().getFloat(4)).isEqualTo(-2f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"|i1", "<i1", ">i1", "i1"})
  void acceptsEveryByteOrderForSingleBytes(String descr) {
    byte[] npy = npy(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }", new byte[] {-1, 2});
    assertThat(NpyFormat.read(npy, "x", "x.npy").dataType()).isEqualTo(DataType.INT8);
    byte[] bool = npy(1, "{'descr': '" + descr.replace("i", "b") + "', 'fortran_order': False, 'shape': (2,), }", new byte[] {0, 1});
    assertThat(NpyFormat.read(bool, "x", "x.npy").dataType()).isEqualTo(DataType.BOOL);
  }

  @Test
  void transposesFortranOrderToCOrder() {
    // [[1, 2, 3], [4, 5, 6]] stored column by column.
    byte[] npy = npy(1, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", ints(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6));
    assertThat(NpyFormat.read(npy, "x", "x.npy").toLongArray()).containsExactly(1, 2, 3, 4, 5, 6);

    // 3-D: element (i, j, k) = 100i + 10j + k sits at i + 2j + 6k in Fortran order.
    int[] fortran = new int[2 * 3 * 4];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
        }
      }
    }
    long[] c = NpyFormat.read(npy(1, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3, 4), }",
        ints(ByteOrder.LITTLE_ENDIAN, fortran)), "x", "x.npy").toLongArray();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          assertThat(c[12 * i + 4 * j + k]).isEqualTo(100 * i + 10 * j + k);
        }
      }
    }
  }

  @Test
  void malformedFilesAreRefusedNamingTheFile() {
    String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    refused(new byte[] {(byte) 0x93, 'N', 'U'}, "not a .npy file");
    refused("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file");
    refused(Arrays.copyOf(npy(1, f4, new byte[8]), 9), "ends inside the header length");
    refused(Arrays.copyOf(npy(1, f4, new byte[8]), 40), "truncated: the header is");
    refused(npy(1, f4, new byte[7]), "truncated: shape [2] of <f4 needs 8 bytes of data but the file has 7");
    refused(npy(1, f4, new byte[12]), "4 bytes follow the data");
    byte[] v4 = npy(1, f4, new byte[8]);
    v4[6] = 4;
    refused(v4, "version 4.0 is not supported");
    refused(npy(1, "{'descr': '<f4', 'shape': (2,), }", new byte[8]), "exactly 'descr', 'fortran_order' and 'shape'");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", new byte[8]), "exactly");
    refused(npy(1, "['descr']", new byte[8]), "does not start with '{'");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,", new byte[8]), "header ends");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", new byte[8]), "unexpected 'M'");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", new byte[8]), "not True or False");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", new byte[8]), "negative dimension");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': 2, }", new byte[8]), "not a tuple");
    refused(npy(1, "{'descr': '<f3', 'fortran_order': False, 'shape': (2,), }", new byte[8]), "dtype '<f3' is not supported");
    refused(npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new byte[16]), "object array");
    refused(npy(1, "{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", new byte[24]), "strings");
    refused(npy(1, "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,), }", new byte[16]), "dates");
    refused(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[8]), "structured");
    refused(npy(1, "{'descr': '=f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]), "native byte order");
    refused(npy(1, "{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]), "no byte order");
    refused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", new byte[8]), "too large");
    refused(npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\u00ff", new byte[8], StandardCharsets.ISO_8859_1),
        "not valid UTF-8");
  }

  @Test
  void readingAFileNamesIt() throws IOException {
    Path file = dir.resolve("broken.npy");
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> NpyFormat.read(file, "x")).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith(file.toString());
  }

  @Test
  void typesWithoutANumPyDtypeCannotBeWritten() {
    Tensor f8 = DenseTensor.wrap("x", DataType.FLOAT8E4M3FN, new long[] {1}, ByteBuffer.allocate(1));
    assertThatThrownBy(() -> NpyFormat.toBytes(f8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("float8");
  }

  @Test
  void twoByteVoidIsBfloat16AndOtherVoidsAreRefused() {
    byte[] bf16 = NpyFormat.toBytes(DenseTensor.wrap("x", DataType.BFLOAT16, new long[] {2},
        ByteBuffer.wrap(new byte[] {(byte) 0x80, 0x3f, 0x00, (byte) 0xc0})));
    Tensor read = NpyFormat.read(bf16, "x", "bf16.npy");
    assertThat(read.dataType()).isEqualTo(DataType.BFLOAT16);
    ByteBuffer data = read.data();
    // 0x3f80 is 1.0 and 0xc000 is -2.0 in bfloat16 (the upper halves of the float32 patterns).
    assertThat(data.getShort(0)).isEqualTo((short) 0x3f80);
    assertThat(data.getShort(2)).isEqualTo((short) 0xc000);
    String text = new String(bf16, 0, 64, StandardCharsets.ISO_8859_1).replace("'<V2'", "'<V4'");
    byte[] fourByteVoid = java.util.Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), bf16.length);
    System.arraycopy(bf16, 64, fourByteVoid, 64, bf16.length - 64);
    refused(fourByteVoid, "dtype '<V4' (strings or raw records) is not supported");
  }

  private static void refused(byte[] npy, String message) {
    assertThatThrownBy(() -> NpyFormat.read(npy, "x", "bad.npy"))
        .isInstanceOf(InputDataException.class)
        .hasMessageStartingWith("bad.npy: ")
        .hasMessageContaining(message);
  }

  static byte[] npy(int major, String header, byte[] data) {
    return npy(major, header, data, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }

  /** A .npy file built by hand: magic, version, length, header padded to 64 bytes, data. */
  static byte[] npy(int major, String header, byte[] data, java.nio.charset.Charset charset) {
    byte[] text = header.getBytes(charset);
    int prefix = major == 1 ? 10 : 12;
    int length = text.length + 1;
    length += (64 - (prefix + length) % 64) % 64;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    ByteBuffer len = ByteBuffer.allocate(prefix - 8).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      len.putShort((short) length);
    } else {
      len.putInt(length);
    }
    out.writeBytes(len.array());
    out.writeBytes(text);
    out.writeBytes(" ".repeat(length - text.length - 1).getBytes(StandardCharsets.US_ASCII));
    out.write('\n');
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] ints(ByteOrder order, int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
    b.asIntBuffer().put(values);
    return b.array();
  }

  static byte[] doubles(double... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    return b.array();
  }

  static byte[] bytes(Tensor t) {
    ByteBuffer b = t.data();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
