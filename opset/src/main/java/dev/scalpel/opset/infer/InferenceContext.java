package dev.scalpel.opset.infer;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an {@link InferenceRule} sees of one node: the types, shapes and (partially) known values
 * of its inputs, its attributes and opset version; and where it states its outputs' types and
 * values. Input accessors return empty for an omitted input or an unknown fact; outputs a rule
 * does not set stay as they were.
 */
public final class InferenceContext {
  private final Node node;
  private final long opsetVersion;
  private final ShapeInference.Run run;
  private final ValueType[] outputTypes;
  private final PartialValue[] outputValues;

  InferenceContext(Node node, long opsetVersion, ShapeInference.Run run) {
    this.node = node;
    this.opsetVersion = opsetVersion;
    this.run = run;
    this.outputTypes = new ValueType[node.outputs().size()];
    this.outputValues = new PartialValue[node.outputs().size()];
  }

  public Node node() {
    return node;
  }

  /** The opset version of the node's domain that the model imports. */
  public long opsetVersion() {
    return opsetVersion;
  }

  // ------------------------------------------------------------------ inputs

  public int inputCount() {
    return node.inputs().size();
  }

  /** Whether input {@code i} is given (present and not an omitted optional input). */
  public boolean hasInput(int i) {
    return i < node.inputs().size() && node.input(i) != null;
  }

  public Optional<ValueType> inputType(int i) {
    return hasInput(i) ? Optional.ofNullable(node.input(i).type()) : Optional.empty();
  }

  public Optional<DataType> inputElementType(int i) {
    return inputType(i).flatMap(ShapeInference::elementType);
  }

  /** The shape of tensor input {@code i}, if its rank is known. */
  public Optional<SymShape> inputShape(int i) {
    return inputType(i).flatMap(t -> t instanceof ValueType.TensorType tt && tt.shape() != null
        ? Optional.of(SymShape.of(tt.shape())) : Optional.empty());
  }

  /** The rank of tensor input {@code i}, if known. */
  public Optional<Integer> inputRank(int i) {
    return inputShape(i).map(SymShape::rank);
  }

  /**
   * The number of elements of input {@code i} when it is 1-D of a known length no larger than
   * {@link ShapeInference#MAX_TRACKED_ELEMENTS}: the rank of the tensor a shape input describes.
   *
   * <p>NOTE: a larger length is left unknown: a shape input declared INT64[2^28] would make rules
   * build 2^28 dims (out of memory), one of 2^31 or more a negative rank (issue 13); no real tensor
   * has such a rank, and an unknown rank is always sound.
   */
  public OptionalInt inputVectorLength(int i) {
    Optional<SymShape> s = inputShape(i);
    if (s.isEmpty() || s.get().rank() != 1) {
      return OptionalInt.empty();
    }
    SymExpr n = s.get().dim(0);
    return n != null && n.isConstant() && n.constantValue() >= 0 && n.constantValue() <= ShapeInference.MAX_TRACKED_ELEMENTS
        ? OptionalInt.of((int) n.constantValue()) : OptionalInt.empty();
  }

  /** The constant input {@code i} always holds, as {@link dev.scalpel.graph.Constants#of} reads it. */
  public Optional<Tensor> inputConstant(int i) {
    return hasInput(i) ? run.constant(node.input(i)) : Optional.empty();
  }

  /**
   * What is known about the values of small integer input {@code i} (see {@link PartialValue});
   * empty for a floating-point input, whose arithmetic is not that of integers.
   */
  public Optional<PartialValue> inputValue(int i) {
    return inputNumericValue(i).filter(v -> !v.floating());
  }

  /**
   * What is known about the values of small numeric input {@code i}, integer or floating-point
   * (see {@link PartialValue#floating()}): for rules whose arithmetic is right for both.
   */
  public Optional<PartialValue> inputNumericValue(int i) {
    return hasInput(i) ? run.partialValue(node.input(i)) : Optional.empty();
  }

  /** The values of integer input {@code i}, if every element is a known constant. */
  public Optional<long[]> inputLongs(int i) {
    Optional<PartialValue> v = inputValue(i);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    long[] out = new long[v.get().size()];
    for (int k = 0; k < out.length; k++) {
      SymExpr e = v.get().get(k);
      if (e == null || !e.isConstant()) {
        return Optional.empty();
      }
      out[k] = e.constantValue();
    }
    return Optional.of(out);
  }

  // ------------------------------------------------------------------ attributes

  public Optional<Attribute> attribute(String name) {
    return node.attribute(name);
  }

  public long intAttribute(String name, long defaultValue) {
    return node.intAttribute(name, defaultValue);
  }

  public Optional<Long> intAttribute(String name) {
    return node.attribute(name).map(Attribute::asLong);
  }

  public float floatAttribute(String name, float defaultValue) {
    return node.floatAttribute(name, defaultValue);
  }

  public Optional<List<Long>> intsAttribute(String name) {
    return node.attribute(name).map(Attribute::asLongs);
  }

  public Optional<String> stringAttribute(String name) {
    return node.attribute(name).map(Attribute::asString);
  }

  public Optional<Tensor> tensorAttribute(String name) {
    return node.attribute(name).map(Attribute::asTensor);
  }

  // ------------------------------------------------------------------ outputs

  public int outputCount() {
    return node.outputs().size();
  }

  /** Whether output {@code i} exists and is not an omitted optional output. */
  public boolean hasOutput(int i) {
    return i < node.outputs().size() && !node.output(i).name().isEmpty();
  }

  /** States output {@code i}: a tensor of {@code elementType}; {@code shape} null means unknown rank. */
  public void setOutput(int i, DataType elementType, SymShape shape) {
    setOutputType(i, new ValueType.TensorType(elementType, shape == null ? null : shape.toShape()));
  }

  /**
   * States output {@code i}'s type. A tensor type of element type UNDEFINED states nothing and is
   * dropped.
   *
   * <p>NOTE: rules decode element types from attributes ({@code dtype}, {@code to}); a code of 0
   * (UNDEFINED) set on a RandomUniform made the output "a tensor of UNDEFINED", which the verifier
   * rejects, so infer-shapes failed as an internal error (found by InferShapesFuzzTest).
   */
  public void setOutputType(int i, ValueType type) {
    if (type instanceof ValueType.TensorType t && t.elementType() == DataType.UNDEFINED) {
      return;
    }
    if (i < outputTypes.length) {
      outputTypes[i] = type;
    }
  }

  /** States what is known about the values of output {@code i} (small integer tensors). */
  public void setOutputValue(int i, PartialValue value) {
    // NOTE: a value over the tracked limit is dropped here, for every rule: Concat(v, v) repeated
    // doubles a tracked value each time, and 30 doublings of one element exhausted the heap.
    if (value != null && value.elements().size() > ShapeInference.MAX_TRACKED_ELEMENTS) {
      return;
    }
    if (i < outputValues.length) {
      outputValues[i] = value;
    }
  }

  /**
   * A symbol for a size only known at run time (the count of NonZero, a TopK with runtime k...),
   * named after {@code hint} and unique in the model.
   */
  public SymExpr freshSymbol(String hint) {
    return run.freshSymbol(hint);
  }

  /** Reports that the node's inputs contradict its operator (incompatible shapes, say). */
  public void fail(String message) {
    run.report(InferenceCheck.FAILED.at("", node.describe(), "", message));
  }

  /**
   * Records that {@code dims} must all be equal for the node to run (a Concat off its axis, the
   * inner dims of a MatMul); see {@link DimRequirement}. Unknown (null) dims are left out.
   */
  public void requireEqual(List<SymExpr> dims) {
    run.require(node, DimRequirement.Kind.EQUAL, dims);
  }

  /**
   * Records that {@code shapes} must broadcast (NumPy style, aligned at their last dim) for the node
   * to run: on every axis the dims other than 1 are equal. Unknown dims are left out.
   */
  public void requireBroadcastable(List<SymShape> shapes) {
    int rank = 0;
    for (SymShape s : shapes) {
      rank = Math.max(rank, s.rank());
    }
    for (int k = 0; k < rank; k++) {
      List<SymExpr> dims = new ArrayList<>();
      for (SymShape s : shapes) {
        int axis = k - (rank - s.rank());
        if (axis >= 0) {
          dims.add(s.dim(axis));
        }
      }
      run.require(node, DimRequirement.Kind.BROADCASTABLE, dims);
    }
  }

  /**
   * Records that each of {@code dims} must be at least 1 for the node to run (the output extents of
   * a convolution or pool). Unknown dims are left out.
   */
  public void requirePositive(List<SymExpr> dims) {
    for (SymExpr d : dims) {
      run.require(node, DimRequirement.Kind.POSITIVE, java.util.Collections.singletonList(d));
    }
  }

  /**
   * Infers a subgraph (If branch, Loop or Scan body) whose inputs have {@code inputTypes} (null
   * entries: unknown) and returns its output types (null entries where unknown).
   */
  public List<ValueType> inferSubgraph(Graph body, List<ValueType> inputTypes) {
    return run.inferSubgraph(body, inputTypes);
  }

  /**
   * What {@link #inferSubgraph} would return, leaving the body untouched: for a Loop, which must
   * see what its body makes of the loop-carried values before it knows their types.
   */
  public List<ValueType> probeSubgraph(Graph body, List<ValueType> inputTypes) {
    return run.probeSubgraph(body, inputTypes);
  }

  ValueType outputType(int i) {
    return outputTypes[i];
  }

  PartialValue outputValue(int i) {
    return outputValues[i];
  }

  List<Value> outputs() {
    return new ArrayList<>(node.outputs());
  }
}
