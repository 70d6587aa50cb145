package dev.scalpel.graph.tensor;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Summary statistics of a tensor's elements: smallest and largest finite value, mean of the finite
 * values, how many elements are zero (sparsity), NaN or infinite. Computed in one streaming pass.
 *
 * <p>Memory: an {@link ExternalTensor} is read in chunks of {@link #CHUNK_BYTES} through its file
 * channel, so neither the heap nor a mapping ever holds more than one chunk of it (tensors over
 * 2 GiB included); any other tensor is read through its {@link Tensor#data()} view (the mapped
 * model file, or the heap array it already is). So a model's weights are summarised one tensor at
 * a time, never all at once.
 *
 * <p>Supported element types: the IEEE floats (float16, bfloat16, float32, float64), the 8- to
 * 64-bit integers and bool (true is 1); {@link #of} is empty for the others (strings, complex, the
 * 8-, 6-, 4- and 2-bit types). Integers are summarised as doubles, so int64/uint64 values beyond
 * 2^53 lose precision in min/max/mean.
 *
 * @param elements number of elements
 * @param min smallest finite value (NaN when there is none)
 * @param max largest finite value (NaN when there is none)
 * @param mean mean of the finite values (NaN when there is none)
 * @param zeros elements equal to zero (-0.0 included)
 * @param nans NaN elements
 * @param infinities infinite elements
 */
public record TensorStatistics(long elements, double min, double max, double mean, long zeros, long nans, long infinities) {
  /** Bytes read at a time from an external tensor. */
  public static final int CHUNK_BYTES = 4 << 20;

  /** The fraction of elements that are zero (0 for an empty tensor). */
  public double sparsity() {
    return elements == 0 ? 0 : (double) zeros / elements;
  }

  /** Whether {@link #of} summarises tensors of {@code type}. */
  public static boolean supports(DataType type) {
    return switch (type) {
      case FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOL -> true;
      default -> false;
    };
  }

  /**
   * The statistics of {@code tensor}, or empty when its element type is not {@link #supports
   * supported}.
   *
   * @throws InvalidModelException if its data cannot be read
   */
  public static Optional<TensorStatistics> of(Tensor tensor) {
    DataType type = tensor.dataType();
    if (!supports(type)) {
      return Optional.empty();
    }
    Accumulator acc = new Accumulator(type);
    if (tensor instanceof ExternalTensor external) {
      readInChunks(external, acc);
    } else {
      ByteBuffer data = tensor.data().slice().order(ByteOrder.LITTLE_ENDIAN);
      acc.add(data, tensor.elementCount());
    }
    return Optional.of(acc.result());
  }

  private static void readInChunks(ExternalTensor tensor, Accumulator acc) {
    long total = tensor.elementCount();
    int width = (int) tensor.dataType().byteSize(1);
    // NOTE: a whole number of elements per chunk, so no element straddles two reads.
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES / width * width).order(ByteOrder.LITTLE_ENDIAN);
    long position = 0;
    long done = 0;
    try {
      while (done < total) {
        chunk.clear();
        long want = Math.min(chunk.capacity(), (total - done) * width);
        chunk.limit((int) want);
        while (chunk.hasRemaining()) {
          int n = tensor.read(chunk, position + chunk.position());
          if (n < 0) {
            throw new InvalidModelException("external data of tensor '" + tensor.name() + "' ended early in " + tensor.file());
          }
        }
        chunk.flip();
        long count = want / width;
        acc.add(chunk, count);
        position += want;
        done += count;
      }
    } catch (IOException e) {
      throw new InvalidModelException("cannot read external data of tensor '" + tensor.name() + "': " + e.getMessage(), e);
    }
  }

  /** Running sums over the elements seen so far. */
  private static final class Accumulator {
    private final DataType type;
    private long elements;
    private long finite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    // NOTE: Kahan compensation: a mean over billions of weights would otherwise drift.
    private double compensation;
    private long zeros;
    private long nans;
    private long infinities;

    Accumulator(DataType type) {
      this.type = type;
    }

    /** Adds {@code count} elements from {@code data}, starting at its position. */
    void add(ByteBuffer data, long count) {
      int base = data.position();
      if (type == DataType.FLOAT) {
        // NOTE: the common case, read through a float view: several times faster than per-element dispatch.
        java.nio.FloatBuffer floats = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < count; i++) {
          add(floats.get(i));
        }
        return;
      }
      for (long i = 0; i < count; i++) {
        add(element(data, base, (int) i));
      }
    }

    private double element(ByteBuffer b, int base, int i) {
      return switch (type) {
        case FLOAT -> b.getFloat(base + 4 * i);
        case DOUBLE -> b.getDouble(base + 8 * i);
        case FLOAT16 -> HalfFloats.halfToFloat(b.getShort(base + 2 * i));
        case BFLOAT16 -> Float.intBitsToFloat((b.getShort(base + 2 * i) & 0xffff) << 16);
        case INT8 -> b.get(base + i);
        case UINT8, BOOL -> b.get(base + i) & 0xff;
        case INT16 -> b.getShort(base + 2 * i);
        case UINT16 -> b.getShort(base + 2 * i) & 0xffff;
        case INT32 -> b.getInt(base + 4 * i);
        case UINT32 -> b.getInt(base + 4 * i) & 0xffffffffL;
        case INT64 -> b.getLong(base + 8 * i);
        case UINT64 -> unsigned(b.getLong(base + 8 * i));
        default -> throw new IllegalStateException("unsupported " + type);
      };
    }

    private static double unsigned(long v) {
      return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    private void add(double v) {
      elements++;
      if (Double.isNaN(v)) {
        nans++;
        return;
      }
      if (Double.isInfinite(v)) {
        infinities++;
        return;
      }
      if (v == 0) {
        zeros++;
      }
      finite++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      double y = v - compensation;
      double t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
    }

    TensorStatistics result() {
      if (finite == 0) {
        return new TensorStatistics(elements, Double.NaN, Double.NaN, Double.NaN, zeros, nans, infinities);
      }
      return new TensorStatistics(elements, min, max, sum / finite, zeros, nans, infinities);
    }
  }
}
