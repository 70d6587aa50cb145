package dev.scalpel.opset.quant;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.Constants;
import java.util.Optional;

/**
 * What one QuantizeLinear or DequantizeLinear node says about its quantized tensor, read as the
 * ONNX spec defines it: the scale's shape decides the granularity (scalar or one element:
 * per-tensor; 1-D: per-axis along {@code axis}, default 1; same rank as the data: blocked, opset
 * 21 on), the quantized type is the DequantizeLinear's data type (or its zero point's, the same by
 * the spec), or the QuantizeLinear's zero point type, else its {@code output_dtype}, else uint8.
 *
 * @param node the Q or DQ node
 * @param quantized the quantized tensor: a DequantizeLinear's input 0, a QuantizeLinear's output 0
 * @param scale input 1
 * @param zeroPoint input 2, or null when absent
 * @param axis the {@code axis} attribute as written (default 1), possibly negative
 */
public record QdqParameters(Node node, Value quantized, Value scale, Value zeroPoint, long axis) {

  /** How many scales a quantized tensor has. */
  public enum Granularity {
    /** One scale for the whole tensor. */
    PER_TENSOR,
    /** One scale per index of {@code axis} (per output channel, for weights). */
    PER_AXIS,
    /** One scale per block along {@code axis} (opset 21 {@code block_size}). */
    BLOCKED,
    /** The scale's shape is not known. */
    UNKNOWN
  }

  /** The parameters of a Q or DQ node; empty for other nodes or a node missing its data or scale. */
  public static Optional<QdqParameters> of(Node node) {
    boolean dq = QdqNodes.isDequantize(node);
    if (!dq && !QdqNodes.isQuantize(node)) {
      return Optional.empty();
    }
    Value quantized = dq ? input(node, 0) : (node.outputs().isEmpty() ? null : node.output(0));
    Value scale = input(node, 1);
    if (quantized == null || scale == null) {
      return Optional.empty();
    }
    return Optional.of(new QdqParameters(node, quantized, scale, input(node, 2), node.intAttribute("axis", 1)));
  }

  /** Whether the node is a DequantizeLinear. */
  public boolean isDequantize() {
    return QdqNodes.isDequantize(node);
  }

  /** Whether the quantized tensor is a constant (quantized weights), not computed at run time. */
  public boolean quantizesWeights() {
    return isDequantize() ? Constants.isStored(quantized) : Constants.isStored(input(node, 0));
  }

  /** The element type of the quantized tensor, if known. */
  public Optional<DataType> quantizedType() {
    if (isDequantize()) {
      // NOTE: the spec gives x and x_zero_point one type; the zero point answers when x is untyped
      return typeOf(quantized).or(() -> zeroPoint != null ? typeOf(zeroPoint) : Optional.empty());
    }
    if (zeroPoint != null) {
      return typeOf(zeroPoint);
    }
    long code = node.intAttribute("output_dtype", 0);
    return code != 0 ? DataType.fromCode((int) code) : Optional.of(DataType.UINT8);
  }

  /** The scale's dims, if its shape is static. */
  public Optional<long[]> scaleDims() {
    return dimsOf(scale);
  }

  /** The zero point's dims, if present and static. */
  public Optional<long[]> zeroPointDims() {
    return zeroPoint == null ? Optional.empty() : dimsOf(zeroPoint);
  }

  /** The dims of the float tensor (the DQ's output, the Q's input), if static. */
  public Optional<long[]> dataDims() {
    return dimsOf(shaped());
  }

  /** A value of the data's shape: the quantized tensor of a DQ, the float input of a Q. */
  private Value shaped() {
    Value in = input(node, 0);
    return in != null ? in : quantized;
  }

  /** The granularity the scale's shape gives. */
  public Granularity granularity() {
    Optional<long[]> dims = scaleDims();
    if (dims.isEmpty()) {
      return Granularity.UNKNOWN;
    }
    long[] d = dims.get();
    if (d.length == 0 || (d.length == 1 && d[0] == 1)) {
      return Granularity.PER_TENSOR;
    }
    return d.length == 1 ? Granularity.PER_AXIS : Granularity.BLOCKED;
  }

  /** The axis resolved against the data's rank, if that rank is known. */
  public Optional<Integer> resolvedAxis() {
    Optional<Integer> rank = rankOf(shaped());
    if (rank.isEmpty()) {
      return Optional.empty();
    }
    long a = axis < 0 ? axis + rank.get() : axis;
    return a >= 0 && a < rank.get() ? Optional.of((int) a) : Optional.empty();
  }

  private static Optional<DataType> typeOf(Value v) {
    Optional<Tensor> t = Constants.of(v);
    return t.isPresent() ? Optional.of(t.get().dataType()) : v.dataType();
  }

  private static Optional<Integer> rankOf(Value v) {
    Optional<Tensor> t = Constants.of(v);
    return t.isPresent() ? Optional.of(t.get().dims().length) : v.shape().map(Shape::rank);
  }

  private static Optional<long[]> dimsOf(Value v) {
    Optional<Tensor> t = Constants.of(v);
    if (t.isPresent()) {
      return Optional.of(t.get().dims());
    }
    Optional<Shape> s = v.shape();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    long[] out = new long[s.get().rank()];
    for (int i = 0; i < out.length; i++) {
      if (!(s.get().dim(i) instanceof Dim.Static st)) {
        return Optional.empty();
      }
      out[i] = st.value();
    }
    return Optional.of(out);
  }

  private static Value input(Node node, int i) {
    return i < node.inputs().size() ? node.input(i) : null;
  }
}
