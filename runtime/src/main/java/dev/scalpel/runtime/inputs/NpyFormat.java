package dev.scalpel.runtime.inputs;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files: the magic {@code \x93NUMPY}, a major and minor
 * version byte (1.0, 2.0 or 3.0), the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0
 * and 3.0), the header (a Python dict literal, ASCII or Latin-1, UTF-8 in 3.0, padded with spaces
 * and a final newline so that the data starts at a multiple of 64 bytes), then the data.
 *
 * <p>Dtypes: {@code f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1 c8 c16}, and {@code V2} for bfloat16 (see
 * {@link NpyDescr}).
 * Big-endian data ({@code '>'}) is converted to little-endian; Fortran-order arrays are transposed
 * to C order; both are cheap next to running a model and spare the user a conversion. Object,
 * string, record and date arrays are refused. The data must be exactly as long as the header's
 * shape says: a truncated file or trailing bytes are refused.
 *
 * <p>Tensors read are {@link DenseTensor}s in packed little-endian C order that own their bytes.
 * Malformed files give an {@link InputDataException} naming the file.
 */
public final class NpyFormat {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGNMENT = 64;
  /** Bytes of tensor data copied at a time when streaming. */
  private static final int CHUNK = 1 << 20;

  private NpyFormat() {}

  /** Reads a {@code .npy} file into a tensor named {@code name}. */
  public static DenseTensor read(Path file, String name) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 64) {
      throw new InputDataException(file + ": " + size + " bytes is more than a .npy input may hold (2 GiB)");
    }
    return read(Files.readAllBytes(file), name, file.toString());
  }

  /**
   * Reads a {@code .npy} file held in memory.
   *
   * @param source what to call the bytes in messages (a file name, or an archive entry)
   */
  public static DenseTensor read(byte[] bytes, String name, String source) {
    if (bytes.length < MAGIC.length + 2 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new InputDataException(source + ": not a .npy file (it does not start with \\x93NUMPY)");
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new InputDataException(source + ": .npy format version " + major + "." + minor
          + " is not supported (1.0, 2.0 and 3.0 are)");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    int headerStart = 8 + lengthBytes;
    if (bytes.length < headerStart) {
      throw new InputDataException(source + ": truncated: the file ends inside the header length");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? Short.toUnsignedLong(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
    if (headerLength > bytes.length - headerStart) {
      throw new InputDataException(source + ": truncated: the header is " + headerLength + " bytes but the file has "
          + (bytes.length - headerStart) + " after the header length");
    }
    int dataStart = headerStart + (int) headerLength;
    NpyHeader header;
    NpyDescr descr;
    try {
      header = NpyHeader.parse(decodeHeader(bytes, headerStart, (int) headerLength, major));
      descr = NpyDescr.parse(header.descr());
    } catch (IllegalArgumentException e) {
      throw new InputDataException(source + ": " + e.getMessage(), e);
    }
    long[] shape = header.shape();
    long expected = dataBytes(descr.type(), shape, source);
    long actual = bytes.length - dataStart;
    if (actual < expected) {
      throw new InputDataException(source + ": truncated: shape " + Arrays.toString(shape) + " of " + header.descr()
          + " needs " + expected + " bytes of data but the file has " + actual);
    }
    if (actual > expected) {
      throw new InputDataException(source + ": " + (actual - expected) + " bytes follow the data that shape "
          + Arrays.toString(shape) + " of " + header.descr() + " declares (" + expected + " bytes)");
    }
    byte[] data = Arrays.copyOfRange(bytes, dataStart, bytes.length);
    if (descr.swapUnit() > 1) {
      swapBytes(data, descr.swapUnit());
    }
    if (header.fortranOrder() && shape.length > 1) {
      data = fortranToC(data, shape, descr.type().bitWidth() / 8);
    }
    return DenseTensor.wrap(name, descr.type(), shape, ByteBuffer.wrap(data));
  }

  /**
   * The tensor as a {@code .npy} file (version 1.0, or 2.0 if the header needs it), C order,
   * little-endian.
   *
   * @throws IllegalArgumentException for element types NumPy has no standard dtype for (float8,
   *     4-bit types, strings)
   */
  public static byte[] toBytes(Tensor tensor) {
    byte[] header = header(tensor);
    ByteBuffer data = tensor.data();
    ByteBuffer out = ByteBuffer.allocate(Math.addExact(header.length, data.remaining()));
    out.put(header).put(data);
    return out.array();
  }

  /** Writes the tensor as a {@code .npy} file; see {@link #write(Tensor, OutputStream)}. */
  public static void write(Tensor tensor, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(tensor, out);
    }
  }

  /**
   * Writes the tensor as {@link #toBytes} does, streaming its data in chunks without copying it
   * whole.
   *
   * @return the bytes written
   */
  public static long write(Tensor tensor, OutputStream out) throws IOException {
    byte[] header = header(tensor);
    out.write(header);
    ByteBuffer data = tensor.data();
    long length = header.length + (long) data.remaining();
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, data.remaining()))];
    while (data.hasRemaining()) {
      int n = Math.min(chunk.length, data.remaining());
      data.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
    return length;
  }

  /**
   * The magic, version, header length and padded header of the tensor's {@code .npy} file: its
   * data follows at a multiple of 64 bytes.
   *
   * @throws IllegalArgumentException for element types NumPy has no standard dtype for
   */
  static byte[] header(Tensor tensor) {
    String dict = new NpyHeader(NpyDescr.of(tensor.dataType()), false, tensor.dims()).format();
    byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
    int lengthBytes = text.length + 1 + 10 + ALIGNMENT > 0xffff ? 4 : 2;
    int prefix = MAGIC.length + 2 + lengthBytes;
    int headerLength = text.length + 1;
    headerLength += (ALIGNMENT - (prefix + headerLength) % ALIGNMENT) % ALIGNMENT;
    ByteBuffer out = ByteBuffer.allocate(prefix + headerLength).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
    if (lengthBytes == 2) {
      out.putShort((short) headerLength);
    } else {
      out.putInt(headerLength);
    }
    out.put(text);
    for (int i = text.length; i < headerLength - 1; i++) {
      out.put((byte) ' ');
    }
    out.put((byte) '\n');
    return out.array();
  }

  private static String decodeHeader(byte[] bytes, int start, int length, int major) {
    if (major < 3) {
      // NOTE: NumPy documents 1.0/2.0 headers as ASCII but writes and reads them as Latin-1.
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("version 3.0 header is not valid UTF-8");
    }
  }

  private static long dataBytes(DataType type, long[] shape, String source) {
    try {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return type.byteSize(n);
    } catch (ArithmeticException e) {
      throw new InputDataException(source + ": shape " + Arrays.toString(shape) + " is too large");
    }
  }

  private static void swapBytes(byte[] data, int unit) {
    for (int at = 0; at < data.length; at += unit) {
      for (int i = 0, j = unit - 1; i < j; i++, j--) {
        byte t = data[at + i];
        data[at + i] = data[at + j];
        data[at + j] = t;
      }
    }
  }

  /**
   * Reorders column-major elements into row-major order: walks C order with an odometer over the
   * index, tracking the element's offset in Fortran order.
   */
  private static byte[] fortranToC(byte[] data, long[] shape, int width) {
    int rank = shape.length;
    long[] fortranStride = new long[rank];
    long stride = 1;
    for (int k = 0; k < rank; k++) {
      fortranStride[k] = stride;
      stride *= shape[k];
    }
    long count = stride;
    byte[] out = new byte[data.length];
    long[] index = new long[rank];
    long from = 0;
    for (long c = 0; c < count; c++) {
      System.arraycopy(data, (int) (from * width), out, (int) (c * width), width);
      for (int k = rank - 1; k >= 0; k--) {
        if (++index[k] < shape[k]) {
          from += fortranStride[k];
          break;
        }
        from -= (shape[k] - 1) * fortranStride[k];
        index[k] = 0;
      }
    }
    return out;
  }
}
