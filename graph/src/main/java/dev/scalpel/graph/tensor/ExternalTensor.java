package dev.scalpel.graph.tensor;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.TensorTooLargeException;
import dev.scalpel.graph.Unmodeled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A tensor whose bytes live in a file next to the model ({@code data_location = EXTERNAL}).
 *
 * <p>Type, dims and size are known without I/O. The file region is memory-mapped on the first call
 * of {@link #data()} and stays mapped while the tensor is reachable; {@link #transferTo} copies it
 * without mapping. The location was checked when the model was read: it is relative, stays inside
 * the model's folder, and the region lies within the file. Every read goes through the file's
 * {@link ExternalDataFile} channel, opened once (without following links): the path is never
 * opened again, so what is read is the file that was checked.
 */
public final class ExternalTensor implements Tensor {
  private final String name;
  private final DataType dataType;
  private final long[] dims;
  private final ExternalDataFile file;
  private final String location;
  private final long offset;
  private final long length;
  private final Unmodeled descriptor;
  private volatile ByteBuffer mapped;

  /**
   * @param file the resolved data file, opened on first use (see {@link
   *     ExternalDataFile#openOnFirstUse})
   * @param location the {@code location} as written in the model
   * @param descriptor the source {@code TensorProto} encoding (no data), for lossless writing
   */
  public ExternalTensor(
      String name, DataType dataType, long[] dims, Path file, String location, long offset,
      long length, Unmodeled descriptor) {
    this(name, dataType, dims, ExternalDataFile.openOnFirstUse(file), location, offset, length, descriptor);
  }

  /** A tensor of an already opened data file (how the reader makes them). */
  public ExternalTensor(
      String name, DataType dataType, long[] dims, ExternalDataFile file, String location, long offset,
      long length, Unmodeled descriptor) {
    this.name = name == null ? "" : name;
    this.dataType = Objects.requireNonNull(dataType);
    this.dims = dims.clone();
    this.file = Objects.requireNonNull(file);
    this.location = location;
    this.offset = offset;
    this.length = length;
    this.descriptor = descriptor;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DataType dataType() {
    return dataType;
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  @Override
  public long byteSize() {
    return length;
  }

  @Override
  public boolean isExternal() {
    return true;
  }

  /** The path of the data file this tensor reads (for messages and identity; reads use {@link #dataFile()}). */
  public Path file() {
    return file.path();
  }

  /** The open data file this tensor reads. */
  public ExternalDataFile dataFile() {
    return file;
  }

  public String location() {
    return location;
  }

  public long offset() {
    return offset;
  }

  public long length() {
    return length;
  }

  /** The source {@code TensorProto} (without data) this tensor was read from. */
  public Unmodeled descriptor() {
    return descriptor;
  }

  /** Whether {@link #data()} has mapped the file. */
  public boolean isMapped() {
    return mapped != null;
  }

  @Override
  public ByteBuffer data() {
    ByteBuffer m = mapped;
    if (m == null) {
      synchronized (this) {
        m = mapped;
        if (m == null) {
          m = map();
          mapped = m;
        }
      }
    }
    return m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  private ByteBuffer map() {
    if (length > Tensor.MAX_IN_MEMORY) {
      // NOTE: writers copy such data file to file (transferTo); only in-memory readers get here.
      throw new TensorTooLargeException(name, length + " bytes of external data");
    }
    try {
      FileChannel ch = file.channel();
      if (offset + length > ch.size()) {
        throw new InvalidModelException("external data of tensor '" + name + "' ends at byte "
            + (offset + length) + " but " + file.path().getFileName() + " has only " + ch.size());
      }
      return ch.map(FileChannel.MapMode.READ_ONLY, offset, length).asReadOnlyBuffer();
    } catch (IOException e) {
      throw new InvalidModelException("cannot read external data of tensor '" + name + "' from " + file + ": " + e.getMessage(), e);
    }
  }

  /** Copies the bytes to {@code target} without mapping them. */
  public void transferTo(WritableByteChannel target) throws IOException {
    FileChannel ch = file.channel();
    {
      long done = 0;
      while (done < length) {
        long n = ch.transferTo(offset + done, length - done, target);
        if (n <= 0) {
          throw new IOException("external data of tensor '" + name + "' ended early in " + file);
        }
        done += n;
      }
    }
  }

  /**
   * Reads bytes of this tensor from {@code position} (relative to its start) into {@code dst}, up
   * to its remaining space or the tensor's end.
   *
   * @return the number of bytes read, -1 at the tensor's end
   */
  public int read(ByteBuffer dst, long position) throws IOException {
    if (position >= length) {
      return -1;
    }
    ByteBuffer window = dst;
    if (dst.remaining() > length - position) {
      window = dst.duplicate();
      window.limit(window.position() + (int) (length - position));
    }
    int n = file.channel().read(window, offset + position);
    if (window != dst && n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  public String toString() {
    return "ExternalTensor '" + name + "' " + dataType.displayName() + java.util.Arrays.toString(dims)
        + " @" + location + ":" + offset + "+" + length;
  }
}
