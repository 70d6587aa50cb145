package dev.scalpel.opset.eval;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.OpId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link OpKernel} sees of one node: its constant inputs (null for an omitted optional
 * input), its attributes, the opset version of its domain, how many outputs it has, and the
 * element budget no output may exceed. Attribute accessors take the default the specification
 * gives when the attribute is absent.
 */
public final class EvalContext {
  /** A budget that never refuses. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  private final OpId op;
  private final long opsetVersion;
  private final List<Tensor> inputs;
  private final Map<String, Attribute> attributes;
  private final int outputCount;
  private final long maxOutputElements;

  /**
   * @param inputs one entry per input of the node; null where an optional input is omitted
   * @param maxOutputElements the most elements any single output may have
   */
  public EvalContext(OpId op, long opsetVersion, List<Tensor> inputs, Map<String, Attribute> attributes,
      int outputCount, long maxOutputElements) {
    this.op = Objects.requireNonNull(op, "op");
    this.opsetVersion = opsetVersion;
    this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.outputCount = outputCount;
    this.maxOutputElements = maxOutputElements;
  }

  /** The context of {@code node} whose inputs hold {@code inputs} (null: omitted). */
  public static EvalContext of(Node node, List<Tensor> inputs, long opsetVersion, long maxOutputElements) {
    return new EvalContext(OpId.of(node), opsetVersion, inputs, node.attributes(), node.outputs().size(),
        maxOutputElements);
  }

  public OpId op() {
    return op;
  }

  public long opsetVersion() {
    return opsetVersion;
  }

  // ------------------------------------------------------------------ inputs

  public int inputCount() {
    return inputs.size();
  }

  /** Whether input {@code i} is given (present and not an omitted optional input). */
  public boolean hasInput(int i) {
    return i < inputs.size() && inputs.get(i) != null;
  }

  /** Input {@code i}, which the operator requires. */
  public Tensor input(int i) {
    if (!hasInput(i)) {
      throw fail("input " + i + " is missing");
    }
    return inputs.get(i);
  }

  /** Optional input {@code i}, if given. */
  public Optional<Tensor> optionalInput(int i) {
    return hasInput(i) ? Optional.of(inputs.get(i)) : Optional.empty();
  }

  /** The given inputs of a variadic operator, in order. */
  public List<Tensor> presentInputs() {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : inputs) {
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ attributes

  public Optional<Attribute> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  public Map<String, Attribute> attributes() {
    return attributes;
  }

  public long intAttribute(String name, long defaultValue) {
    Attribute a = attributes.get(name);
    return a == null ? defaultValue : checked(a, Attribute.Type.INT).asLong();
  }

  public float floatAttribute(String name, float defaultValue) {
    Attribute a = attributes.get(name);
    return a == null ? defaultValue : checked(a, Attribute.Type.FLOAT).asFloat();
  }

  public String stringAttribute(String name, String defaultValue) {
    Attribute a = attributes.get(name);
    return a == null ? defaultValue : checked(a, Attribute.Type.STRING).asString();
  }

  /** An INTS attribute as an array, if present. */
  public Optional<long[]> intsAttribute(String name) {
    Attribute a = attributes.get(name);
    if (a == null) {
      return Optional.empty();
    }
    return Optional.of(checked(a, Attribute.Type.INTS).asLongs().stream().mapToLong(Long::longValue).toArray());
  }

  private Attribute checked(Attribute a, Attribute.Type wanted) {
    if (a.type() != wanted) {
      throw fail("attribute '" + a.name() + "' is " + a.type() + ", not " + wanted);
    }
    return a;
  }

  // ------------------------------------------------------------------ outputs and failure

  /** How many outputs the node has (some operators, such as Split, size their results by it). */
  public int outputCount() {
    return outputCount;
  }

  public long maxOutputElements() {
    return maxOutputElements;
  }

  /**
   * Checks an output of {@code elements} elements against the budget; kernels call it before they
   * allocate.
   *
   * @throws EvaluationException if the output would exceed the budget
   */
  public void reserve(long elements) {
    if (elements < 0) {
      throw fail("output shape of a negative element count");
    }
    if (elements > maxOutputElements || elements > Integer.MAX_VALUE - 8) {
      throw fail("output of " + elements + " elements exceeds the budget of " + maxOutputElements);
    }
  }

  /** An exception naming this operator and {@code reason}, for the kernel to throw. */
  public EvaluationException fail(String reason) {
    return new EvaluationException(op, reason);
  }

  /**
   * An exception saying that the kernel does not implement this case (an element type it does not
   * hold), which another evaluator such as ONNX Runtime may; never for an invalid or undefined result.
   */
  public EvaluationException unsupported(String reason) {
    return new EvaluationException(op, reason, true);
  }
}
