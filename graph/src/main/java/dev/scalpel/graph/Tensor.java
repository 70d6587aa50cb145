package dev.scalpel.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * Constant tensor data: an initializer, or the value of a tensor attribute. Immutable.
 *
 * <p>Implementations never force a copy: tensors read from a file alias the parsed buffer,
 * external tensors map their file on first access of {@link #data()}, lazy tensors compute on
 * demand. {@link #dataType()}, {@link #dims()} and {@link #byteSize()} never touch the data.
 */
public interface Tensor {

  /** The name the tensor carries in the file; for initializers, the value's name. May be empty. */
  String name();

  DataType dataType();

  /** The dims; a copy the caller may keep. Empty for a scalar. */
  long[] dims();

  default Shape shape() {
    return Shape.of(dims());
  }

  /** The most elements, or bytes, one in-memory array or buffer of a tensor's data holds. */
  long MAX_IN_MEMORY = Integer.MAX_VALUE - 8;

  /**
   * {@link #elementCount()} as the length of an array of the elements.
   *
   * @throws TensorTooLargeException when the elements or their bytes are more than {@link #MAX_IN_MEMORY}
   */
  default int arrayLength() {
    long n;
    try {
      n = elementCount();
    } catch (ArithmeticException overflow) {
      throw new TensorTooLargeException(name(), "dims " + java.util.Arrays.toString(dims()) + " (an element count that overflows)");
    }
    if (n > MAX_IN_MEMORY) {
      throw new TensorTooLargeException(name(), n + " elements");
    }
    long bytes = byteSize();
    if (bytes > MAX_IN_MEMORY) {
      throw new TensorTooLargeException(name(), bytes + " bytes");
    }
    return (int) n;
  }

  /** Product of {@link #dims()}; 1 for a scalar. */
  default long elementCount() {
    long n = 1;
    for (long d : dims()) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Bytes of the data in packed little-endian layout; for strings, the sum of their lengths. */
  long byteSize();

  /**
   * The data in packed little-endian layout, read-only, position 0. May map a file or compute the
   * tensor on first call.
   *
   * @throws UnsupportedOperationException for {@link DataType#STRING} tensors
   * @throws InvalidModelException if the bytes cannot be read
   */
  ByteBuffer data();

  /** The elements of a {@link DataType#STRING} tensor. */
  default List<byte[]> strings() {
    throw new UnsupportedOperationException(dataType() + " tensor has no string elements");
  }

  /** Whether the data lives in an external file. */
  default boolean isExternal() {
    return false;
  }

  /** The elements of an INT64 or INT32 tensor, widened. For small tensors such as shapes. */
  default long[] toLongArray() {
    int n = arrayLength();
    ByteBuffer b = data().order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[n];
    switch (dataType()) {
      case INT64 -> b.asLongBuffer().get(out);
      case INT32 -> {
        // NOTE: relative to the buffer's position: a tensor read from a file may start mid-buffer.
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(b.position() + i * 4);
        }
      }
      default -> throw new UnsupportedOperationException("toLongArray on " + dataType());
    }
    return out;
  }

  /**
   * The elements of an INT64 or INT32 tensor, widened as {@link #toLongArray()} gives them; empty
   * for any other element type.
   *
   * <p>NOTE: for readers of operands that an operator's schema types as int64 (shapes, axes, pads,
   * starts): a model that breaks the type constraint (a float32 Reshape shape, found by fuzzing) must
   * make them give up, not throw.
   */
  default Optional<long[]> longsIfInteger() {
    return dataType() == DataType.INT64 || dataType() == DataType.INT32
        ? Optional.of(toLongArray()) : Optional.empty();
  }

  /** The elements of a FLOAT tensor. */
  default float[] toFloatArray() {
    if (dataType() != DataType.FLOAT) {
      throw new UnsupportedOperationException("toFloatArray on " + dataType());
    }
    float[] out = new float[arrayLength()];
    data().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
