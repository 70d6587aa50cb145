package dev.scalpel.passes.fold;

import dev.scalpel.passes.Analyses;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.Arrays;
import java.util.Optional;

/**
 * The sizes a fold region's values will take, predicted by shape inference on the region's own
 * model ({@link RegionModel}) before anything is evaluated: a region is handed to the {@link
 * ConstantEvaluator} only when every value it computes has a known size within the allowance.
 *
 * <p>NOTE: a runtime allocates each result before the caller can look at it (ONNX Runtime, in
 * native memory the JVM's -Xmx does not bound: Pad with pads [0, 2^30] took 4 GiB); checking after
 * the run is too late, and an unknown size is refused for the same reason.
 */
final class RegionForecast {
  private RegionForecast() {}

  /**
   * Why {@code regionModel} may not be evaluated under {@code allowanceBytes} per value, or null if
   * it may. Inference runs on {@code regionModel} (its values get inferred types).
   */
  static String refusal(Model regionModel, long allowanceBytes) {
    try {
      new Analyses().shapes(regionModel);
    } catch (RuntimeException e) {
      return "its sizes cannot be inferred before evaluation (" + e.getMessage() + ")";
    }
    for (Node n : regionModel.graph()) {
      for (Value out : n.outputs()) {
        // NOTE: an output with an empty name is an omitted optional one (GRU's Y when only Y_h is
        // wanted); nothing is computed or allocated for it.
        if (out == null || out.name().isEmpty()) {
          continue;
        }
        long bytes = bytesOf(out);
        if (bytes < 0) {
          bytes = stringBound(n, out);
        }
        if (bytes < 0) {
          return "the size of " + out.name() + " (" + n.describe() + ") is not known before evaluation";
        }
        if (bytes > allowanceBytes) {
          return out.name() + " (" + n.describe() + ") would take " + bytes + " bytes, over the limit of "
              + allowanceBytes + " bytes";
        }
      }
    }
    return null;
  }

  /**
   * How {@code result}, what the evaluator returned for {@code forecast} (a value of a region model
   * {@link #refusal} inferred), contradicts the inferred element type, rank or a static dim; null
   * when it does not.
   *
   * <p>NOTE: inference follows the ONNX spec; a runtime returning another shape computed something
   * else than the spec (ONNX Runtime 1.26's inverse one-sided DFT), so its values cannot be trusted.
   */
  static String contradiction(Value forecast, Tensor result) {
    if (!(forecast.type() instanceof ValueType.TensorType t)) {
      return null;
    }
    if (t.elementType() != null && t.elementType() != DataType.UNDEFINED && t.elementType() != result.dataType()) {
      return "element type " + result.dataType().displayName() + " where inference gives " + t.elementType().displayName();
    }
    Shape s = t.shape();
    long[] dims = result.dims();
    boolean contradicts = s != null && s.rank() != dims.length;
    for (int i = 0; s != null && !contradicts && i < dims.length; i++) {
      contradicts = s.dim(i) instanceof Dim.Static d && d.value() != dims[i];
    }
    return contradicts ? "shape " + Arrays.toString(dims) + " where inference gives " + s : null;
  }

  /**
   * NOTE: a string result's bytes depend on the text, which inference does not track; for the ops
   * whose strings are pieces of their constant string inputs the text bounds them: StringConcat's
   * elements are at most the two longest inputs joined, StringSplit's substrings at most a padded
   * grid of input count times (longest input + 1) pieces whose text is the input's. Each element is
   * counted at {@link #STRING_ELEMENT_OVERHEAD} bytes more than its text, as a runtime holds it.
   */
  static final long STRING_ELEMENT_OVERHEAD = 32;

  /** A bound on the bytes of a string output of StringConcat or StringSplit on constants, else -1. */
  private static long stringBound(Node n, Value out) {
    if (!n.isDefaultDomain() || !(out.type() instanceof ValueType.TensorType t) || t.elementType() != DataType.STRING) {
      return -1;
    }
    try {
      if (n.opType().equals("StringConcat") && n.inputs().size() == 2) {
        long count = countOf(out);
        long a = longest(n.input(0));
        long b = longest(n.input(1));
        return count < 0 || a < 0 || b < 0 ? -1
            : Math.multiplyExact(count, Math.addExact(Math.addExact(a, b), STRING_ELEMENT_OVERHEAD));
      }
      if (n.opType().equals("StringSplit") && n.outputs().indexOf(out) == 0 && n.input(0) != null) {
        Optional<Tensor> x = n.input(0).initializer();
        long longest = longest(n.input(0));
        if (x.isEmpty() || longest < 0) {
          return -1;
        }
        long pieces = Math.multiplyExact(x.get().elementCount(), longest + 1);
        return Math.addExact(x.get().byteSize(), Math.multiplyExact(pieces, STRING_ELEMENT_OVERHEAD));
      }
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
    return -1;
  }

  /** The length in bytes of the longest string of a constant string tensor, or -1. */
  private static long longest(Value v) {
    Optional<Tensor> t = v == null ? Optional.empty() : v.initializer();
    if (t.isEmpty() || t.get().dataType() != DataType.STRING) {
      return -1;
    }
    long max = 0;
    for (byte[] s : t.get().strings()) {
      max = Math.max(max, s.length);
    }
    return max;
  }

  /** The element count of {@code v} by its inferred static shape, or -1. */
  private static long countOf(Value v) {
    if (!(v.type() instanceof ValueType.TensorType t) || t.shape() == null) {
      return -1;
    }
    long count = 1;
    for (int i = 0; i < t.shape().rank(); i++) {
      if (!(t.shape().dim(i) instanceof Dim.Static d) || d.value() < 0) {
        return -1;
      }
      count = Math.multiplyExact(count, d.value());
    }
    return count;
  }

  /** The bytes of {@code v} by its inferred type: -1 unless a fixed-width type and static dims; saturates. */
  static long bytesOf(Value v) {
    if (!(v.type() instanceof ValueType.TensorType t) || t.shape() == null) {
      return -1;
    }
    DataType type = t.elementType();
    if (type == null || !type.hasFixedWidth()) {
      return -1;
    }
    Shape s = t.shape();
    long count = 1;
    for (int i = 0; i < s.rank(); i++) {
      if (!(s.dim(i) instanceof Dim.Static d) || d.value() < 0) {
        return -1;
      }
      try {
        count = Math.multiplyExact(count, d.value());
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
    }
    try {
      return type.byteSize(count);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
