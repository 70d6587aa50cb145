package dev.scalpel.runtime;

import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded random input tensors for a model's inputs.
 *
 * <p>Floats (FLOAT, DOUBLE, FLOAT16, BFLOAT16) are uniform in the float range, integers (INT8..64,
 * UINT8..64) uniform in the integer range, booleans fair coin flips; see {@link ValueRange} for the
 * bounds. A per-input range replaces the default for that input. User-supplied tensors are used
 * as given, by name.
 *
 * <p>Invariant: the data of an input depends only on the seed, the input's name, its type and its
 * concrete dims, never on the other inputs or on the run's position, so the same dims always
 * reproduce the same tensor (the {@link DivergenceLocator} relies on this).
 */
public final class InputGenerator {
  private final long seed;
  private final ValueRange floatRange;
  private final ValueRange integerRange;
  private final Map<String, ValueRange> perInput;

  public InputGenerator(long seed, ValueRange floatRange, ValueRange integerRange, Map<String, ValueRange> perInput) {
    this.seed = seed;
    this.floatRange = Objects.requireNonNull(floatRange, "floatRange");
    this.integerRange = Objects.requireNonNull(integerRange, "integerRange");
    this.perInput = Map.copyOf(perInput);
  }

  /** Default ranges: floats in [0, 1), integers in {0, 1}. */
  public InputGenerator(long seed) {
    this(seed, ValueRange.DEFAULT_FLOAT, ValueRange.DEFAULT_INTEGER, Map.of());
  }

  /**
   * Inputs for run {@code run} of {@code plan}: the user's tensor where one is given, a generated
   * one otherwise. Call {@link UserInputs#validate} first.
   *
   * @throws InputSpecException if an input without a user tensor cannot be generated
   */
  public Map<String, Tensor> generate(List<InputSpec> inputs, DimPlan plan, int run, Map<String, Tensor> userInputs) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (InputSpec in : inputs) {
      Tensor given = userInputs.get(in.name());
      if (given != null) {
        out.put(in.name(), given);
        continue;
      }
      ValueType.TensorType type = in.tensorType();
      Shape shape = type.shape();
      if (shape == null) {
        throw new InputSpecException(in.name(), "has no declared shape (unknown rank); supply a tensor for it");
      }
      out.put(in.name(), generate(in.name(), type.elementType(), plan.resolve(in.name(), shape, run)));
    }
    return out;
  }

  /**
   * One random tensor.
   *
   * @throws InputSpecException for element types that cannot be generated (string, complex, 4-bit
   *     and 8-bit floats), and for shapes of 2^31 elements or more (one Java buffer holds less)
   */
  public Tensor generate(String name, DataType type, long[] dims) {
    long count = 1;
    try {
      for (long d : dims) {
        count = Math.multiplyExact(count, d);
      }
    } catch (ArithmeticException overflow) {
      throw new InputSpecException(name, "its shape " + Arrays.toString(dims)
          + " has more elements than 64 bits can count");
    }
    if (count > Integer.MAX_VALUE) {
      throw new InputSpecException(name, "its shape " + Arrays.toString(dims) + " has " + count
          + " elements; Scalpel generates inputs of fewer than 2^31 elements");
    }
    int n = (int) count;
    SplittableRandom random = new SplittableRandom(streamSeed(name, type, dims));
    ValueRange range = perInput.getOrDefault(name, type.isFloatingPoint() ? floatRange : integerRange);
    ByteBuffer b;
    switch (type) {
      case FLOAT: case DOUBLE: case FLOAT16: case BFLOAT16:
        b = floats(type, n, random, range);
        break;
      case INT8: case INT16: case INT32: case INT64: case UINT8: case UINT16: case UINT32: case UINT64:
        b = integers(type, n, random, range, name);
        break;
      case BOOL:
        b = allocate(n);
        for (int i = 0; i < n; i++) {
          b.put(i, (byte) (random.nextBoolean() ? 1 : 0));
        }
        break;
      default:
        throw new InputSpecException(name, "element type " + type.displayName()
            + " cannot be generated; supply a tensor for it");
    }
    return DenseTensor.wrap(name, type, dims, b);
  }

  private static ByteBuffer floats(DataType type, int n, SplittableRandom random, ValueRange range) {
    ByteBuffer b = allocate(Math.toIntExact(type.byteSize(n)));
    double low = range.low();
    double high = range.high();
    for (int i = 0; i < n; i++) {
      double v = low == high ? low : random.nextDouble(low, high);
      switch (type) {
        case FLOAT: b.putFloat(i * 4, narrow(v, high)); break;
        case DOUBLE: b.putDouble(i * 8, v); break;
        case FLOAT16: {
          short h = HalfFloats.floatToHalf(narrow(v, high));
          b.putShort(i * 2, HalfFloats.halfToFloat(h) >= high && low < high ? stepDown(h) : h);
          break;
        }
        default: {
          short h = HalfFloats.floatToBfloat16(narrow(v, high));
          b.putShort(i * 2, HalfFloats.bfloat16ToFloat(h) >= high && low < high ? stepDown(h) : h);
          break;
        }
      }
    }
    return b;
  }

  /**
   * The next 16-bit float (binary16 or bfloat16, both sign-magnitude) towards minus infinity.
   *
   * <p>NOTE: rounding to 16 bits keeps only 8 or 11 significant bits, so draws just below {@code
   * high} round up to it; the range is half-open, so they step down one unit.
   */
  private static short stepDown(short bits) {
    if (bits == 0) {
      return (short) 0x8001;
    }
    return (short) (bits < 0 ? bits + 1 : bits - 1);
  }

  /**
   * {@code v} as a float below {@code high}.
   *
   * <p>NOTE: rounding a double just below {@code high} to float can give {@code high} itself; the
   * range is half-open, so such draws step down one float ulp.
   */
  private static float narrow(double v, double high) {
    float f = (float) v;
    return f >= high && f > v ? Math.nextDown(f) : f;
  }

  private static ByteBuffer integers(DataType type, int n, SplittableRandom random, ValueRange range, String name) {
    long low = (long) Math.ceil(range.low());
    long high = (long) Math.floor(range.high());
    if (low > high) {
      throw new InputSpecException(name, "range " + range + " holds no integer");
    }
    long[] bounds = integerBounds(type);
    if (low < bounds[0] || high > bounds[1]) {
      throw new InputSpecException(name, "range " + range + " does not fit " + type.displayName());
    }
    ByteBuffer b = allocate(Math.toIntExact(type.byteSize(n)));
    for (int i = 0; i < n; i++) {
      long v = high == Long.MAX_VALUE ? random.nextLong(low, high) : random.nextLong(low, high + 1);
      switch (type.bitWidth()) {
        case 8: b.put(i, (byte) v); break;
        case 16: b.putShort(i * 2, (short) v); break;
        case 32: b.putInt(i * 4, (int) v); break;
        default: b.putLong(i * 8, v); break;
      }
    }
    return b;
  }

  /** The smallest and largest value of an integer type that a Java long can hold. */
  private static long[] integerBounds(DataType type) {
    switch (type) {
      case INT8: return new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
      case UINT8: return new long[] {0, 255};
      case INT16: return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
      case UINT16: return new long[] {0, 65535};
      case INT32: return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
      case UINT32: return new long[] {0, 0xffffffffL};
      case UINT64: return new long[] {0, Long.MAX_VALUE};
      default: return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    }
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private long streamSeed(String name, DataType type, long[] dims) {
    long h = seed;
    h = mix(h ^ name.hashCode());
    h = mix(h ^ type.code());
    h = mix(h ^ Arrays.hashCode(dims));
    return h;
  }

  /** SplitMix64's finalizer: spreads small differences over all bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
