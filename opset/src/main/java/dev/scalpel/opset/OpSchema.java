package dev.scalpel.opset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One version of one operator: what a node of it may take, produce and set, valid from {@link
 * #sinceVersion()} of its domain until the next version of the same operator. Immutable; made by
 * {@link Builder}.
 *
 * <p>Invariants: {@code minInput <= maxInput}, {@code minOutput <= maxOutput} (a max of {@link
 * Integer#MAX_VALUE} means unbounded); attribute names and type parameters are unique; function
 * bodies are keyed by the opset version of the domain they are written for.
 */
public final class OpSchema {
  private final OpId opId;
  private final int sinceVersion;
  private final boolean deprecated;
  private final List<FormalParameter> inputs;
  private final List<FormalParameter> outputs;
  private final int minInput;
  private final int maxInput;
  private final int minOutput;
  private final int maxOutput;
  private final Map<String, TypeConstraint> typeConstraints;
  private final Map<String, AttributeSpec> attributes;
  private final boolean hasFunction;
  private final boolean hasContextDependentFunction;
  private final SortedMap<Integer, byte[]> functionBodies;

  private OpSchema(Builder b) {
    this.opId = Objects.requireNonNull(b.opId, "opId");
    this.sinceVersion = b.sinceVersion;
    this.deprecated = b.deprecated;
    this.inputs = List.copyOf(b.inputs);
    this.outputs = List.copyOf(b.outputs);
    this.minInput = b.minInput;
    this.maxInput = b.maxInput;
    this.minOutput = b.minOutput;
    this.maxOutput = b.maxOutput;
    this.typeConstraints = Collections.unmodifiableMap(new LinkedHashMap<>(b.typeConstraints));
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    this.hasFunction = b.hasFunction;
    this.hasContextDependentFunction = b.hasContextDependentFunction;
    this.functionBodies = Collections.unmodifiableSortedMap(new TreeMap<>(b.functionBodies));
    if (minInput > maxInput || minOutput > maxOutput || minInput < 0 || minOutput < 0) {
      throw new IllegalArgumentException(opId + "-" + sinceVersion + ": bad input/output bounds "
          + minInput + ".." + maxInput + ", " + minOutput + ".." + maxOutput);
    }
  }

  public static Builder builder(OpId opId, int sinceVersion) {
    return new Builder(opId, sinceVersion);
  }

  public OpId opId() {
    return opId;
  }

  /** The first version of the operator's domain in which this schema applies. */
  public int sinceVersion() {
    return sinceVersion;
  }

  /** Whether this version marks the operator as deprecated (removed from use). */
  public boolean deprecated() {
    return deprecated;
  }

  public List<FormalParameter> inputs() {
    return inputs;
  }

  public List<FormalParameter> outputs() {
    return outputs;
  }

  /** The formal input that node input {@code index} binds to (the last, variadic one repeats). */
  public Optional<FormalParameter> inputAt(int index) {
    return parameterAt(inputs, index);
  }

  /** The formal output that node output {@code index} binds to (the last, variadic one repeats). */
  public Optional<FormalParameter> outputAt(int index) {
    return parameterAt(outputs, index);
  }

  private static Optional<FormalParameter> parameterAt(List<FormalParameter> params, int index) {
    if (index < params.size()) {
      return Optional.of(params.get(index));
    }
    if (!params.isEmpty() && params.get(params.size() - 1).isVariadic()) {
      return Optional.of(params.get(params.size() - 1));
    }
    return Optional.empty();
  }

  public int minInput() {
    return minInput;
  }

  /** The most inputs a node may have; {@link Integer#MAX_VALUE} when unbounded. */
  public int maxInput() {
    return maxInput;
  }

  public int minOutput() {
    return minOutput;
  }

  /** The most outputs a node may have; {@link Integer#MAX_VALUE} when unbounded. */
  public int maxOutput() {
    return maxOutput;
  }

  /** Type constraints by type parameter, in schema order. */
  public Map<String, TypeConstraint> typeConstraints() {
    return typeConstraints;
  }

  public Optional<TypeConstraint> typeConstraint(String param) {
    return Optional.ofNullable(typeConstraints.get(param));
  }

  /** Attributes by name, in schema order. */
  public Map<String, AttributeSpec> attributes() {
    return attributes;
  }

  public Optional<AttributeSpec> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  /** Whether the operator is defined by a function body of other operators. */
  public boolean hasFunction() {
    return hasFunction;
  }

  /** Whether the operator's function body depends on the node (its attributes or input types). */
  public boolean hasContextDependentFunction() {
    return hasContextDependentFunction;
  }

  /** The opset versions for which a serialized function body is stored, ascending. */
  public List<Integer> functionBodyVersions() {
    return new ArrayList<>(functionBodies.keySet());
  }

  /**
   * The serialized {@code onnx.FunctionProto} of the body written for the newest opset version
   * not above {@code opsetVersion}; a fresh copy each call.
   */
  public Optional<byte[]> functionBody(int opsetVersion) {
    SortedMap<Integer, byte[]> head = functionBodies.headMap(opsetVersion + 1);
    return head.isEmpty() ? Optional.empty() : Optional.of(head.get(head.lastKey()).clone());
  }

  /** {@code Conv-11}, {@code ai.onnx.ml.TreeEnsemble-5}. */
  @Override
  public String toString() {
    return opId + "-" + sinceVersion;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OpSchema s)) {
      return false;
    }
    return opId.equals(s.opId) && sinceVersion == s.sinceVersion && deprecated == s.deprecated
        && inputs.equals(s.inputs) && outputs.equals(s.outputs)
        && minInput == s.minInput && maxInput == s.maxInput
        && minOutput == s.minOutput && maxOutput == s.maxOutput
        && typeConstraints.equals(s.typeConstraints) && attributes.equals(s.attributes)
        && hasFunction == s.hasFunction && hasContextDependentFunction == s.hasContextDependentFunction
        && sameBodies(functionBodies, s.functionBodies);
  }

  private static boolean sameBodies(SortedMap<Integer, byte[]> a, SortedMap<Integer, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<Integer, byte[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(opId, sinceVersion, inputs, outputs, attributes);
  }

  /** Collects the parts of one schema; {@link #build()} checks the invariants. Not thread-safe. */
  public static final class Builder {
    private final OpId opId;
    private final int sinceVersion;
    private boolean deprecated;
    private final List<FormalParameter> inputs = new ArrayList<>();
    private final List<FormalParameter> outputs = new ArrayList<>();
    private int minInput;
    private int maxInput;
    private int minOutput;
    private int maxOutput;
    private final Map<String, TypeConstraint> typeConstraints = new LinkedHashMap<>();
    private final Map<String, AttributeSpec> attributes = new LinkedHashMap<>();
    private boolean hasFunction;
    private boolean hasContextDependentFunction;
    private final SortedMap<Integer, byte[]> functionBodies = new TreeMap<>();
    private boolean boundsSet;

    private Builder(OpId opId, int sinceVersion) {
      this.opId = opId;
      this.sinceVersion = sinceVersion;
    }

    public Builder deprecated(boolean value) {
      this.deprecated = value;
      return this;
    }

    public Builder input(FormalParameter p) {
      inputs.add(p);
      return this;
    }

    public Builder output(FormalParameter p) {
      outputs.add(p);
      return this;
    }

    /** Sets the input and output count bounds; without it they follow from the formal parameters. */
    public Builder bounds(int minIn, int maxIn, int minOut, int maxOut) {
      this.minInput = minIn;
      this.maxInput = maxIn;
      this.minOutput = minOut;
      this.maxOutput = maxOut;
      this.boundsSet = true;
      return this;
    }

    public Builder typeConstraint(TypeConstraint c) {
      if (typeConstraints.putIfAbsent(c.param(), c) != null) {
        throw new IllegalArgumentException(opId + ": type parameter " + c.param() + " constrained twice");
      }
      return this;
    }

    public Builder attribute(AttributeSpec a) {
      if (attributes.putIfAbsent(a.name(), a) != null) {
        throw new IllegalArgumentException(opId + ": attribute " + a.name() + " declared twice");
      }
      return this;
    }

    public Builder function(boolean has, boolean contextDependent) {
      this.hasFunction = has;
      this.hasContextDependentFunction = contextDependent;
      return this;
    }

    /** Adds the serialized FunctionProto written for {@code opsetVersion}; the array is copied. */
    public Builder functionBody(int opsetVersion, byte[] functionProto) {
      functionBodies.put(opsetVersion, functionProto.clone());
      return this;
    }

    public OpSchema build() {
      if (!boundsSet) {
        deriveBounds();
      }
      return new OpSchema(this);
    }

    private void deriveBounds() {
      minInput = required(inputs);
      maxInput = upper(inputs);
      minOutput = required(outputs);
      maxOutput = upper(outputs);
    }

    /** Inputs up to and including the last one that cannot be omitted. */
    private static int required(List<FormalParameter> params) {
      int n = 0;
      for (int i = 0; i < params.size(); i++) {
        FormalParameter p = params.get(i);
        if (p.arity() == FormalParameter.Arity.SINGLE) {
          n = i + 1;
        } else if (p.arity() == FormalParameter.Arity.VARIADIC) {
          n = i + p.minArity();
        }
      }
      return n;
    }

    private static int upper(List<FormalParameter> params) {
      boolean variadic = !params.isEmpty() && params.get(params.size() - 1).isVariadic();
      return variadic ? Integer.MAX_VALUE : params.size();
    }
  }
}
