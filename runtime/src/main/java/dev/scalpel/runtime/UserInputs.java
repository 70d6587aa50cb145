package dev.scalpel.runtime;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks user-supplied input tensors against a model's declared inputs: every tensor names an
 * input, has its element type, its rank, and its size on every static dim. Dynamic dims accept any
 * size (the tensor then fixes that symbol, see {@link DimPlanner}).
 */
public final class UserInputs {
  private UserInputs() {}

  /** @throws InputSpecException naming the first input that contradicts the model */
  public static void validate(List<InputSpec> inputs, Map<String, Tensor> userInputs) {
    Map<String, InputSpec> byName = inputs.stream().collect(Collectors.toMap(InputSpec::name, s -> s));
    for (Map.Entry<String, Tensor> e : userInputs.entrySet()) {
      InputSpec spec = byName.get(e.getKey());
      if (spec == null) {
        throw new InputSpecException(e.getKey(), "the model has no such input; its inputs are "
            + inputs.stream().map(InputSpec::name).collect(Collectors.toList()));
      }
      check(spec, e.getValue());
    }
  }

  /**
   * Checks user tensors for a comparison of two models: each must name an input of the original or
   * of the rewritten model (an input only the rewritten model has, such as the {@code factor} a
   * Resize was parameterized with, is fed to it alone) and fit that input's declaration.
   *
   * @throws InputSpecException naming the first input that contradicts the models
   */
  public static void validate(List<InputSpec> original, List<InputSpec> rewritten, Map<String, Tensor> userInputs) {
    Map<String, InputSpec> byName = new java.util.LinkedHashMap<>();
    rewritten.forEach(s -> byName.put(s.name(), s));
    original.forEach(s -> byName.put(s.name(), s));
    for (Map.Entry<String, Tensor> e : userInputs.entrySet()) {
      InputSpec spec = byName.get(e.getKey());
      if (spec == null) {
        throw new InputSpecException(e.getKey(), "neither model has such an input; the original's inputs are "
            + original.stream().map(InputSpec::name).collect(Collectors.toList()) + ", the rewritten model's "
            + rewritten.stream().map(InputSpec::name).collect(Collectors.toList()));
      }
      check(spec, e.getValue());
    }
  }

  /** The user tensors for inputs that {@code rewritten} has and {@code original} does not. */
  public static Map<String, Tensor> onlyInRewritten(List<InputSpec> original, List<InputSpec> rewritten,
      Map<String, Tensor> userInputs) {
    java.util.Set<String> originalNames = original.stream().map(InputSpec::name).collect(Collectors.toSet());
    Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    for (InputSpec r : rewritten) {
      Tensor t = userInputs.get(r.name());
      if (t != null && !originalNames.contains(r.name())) {
        out.put(r.name(), t);
      }
    }
    return out;
  }

  private static void check(InputSpec spec, Tensor t) {
    if (spec.type() == null) {
      return; // nothing declared, nothing to contradict
    }
    if (!(spec.type() instanceof ValueType.TensorType declared)) {
      throw new InputSpecException(spec.name(), "has type " + spec.type() + "; only tensor inputs are supported");
    }
    if (declared.elementType() != t.dataType()) {
      throw new InputSpecException(spec.name(), "the model declares " + declared.elementType().displayName()
          + ", the supplied tensor is " + t.dataType().displayName());
    }
    Shape shape = declared.shape();
    if (shape == null) {
      return;
    }
    long[] dims = t.dims();
    if (dims.length != shape.rank()) {
      throw new InputSpecException(spec.name(), "the model declares shape " + shape + " (rank " + shape.rank()
          + "), the supplied tensor has dims " + Arrays.toString(dims));
    }
    for (int axis = 0; axis < dims.length; axis++) {
      if (shape.dim(axis) instanceof Dim.Static s && s.value() >= 0 && s.value() != dims[axis]) {
        throw new InputSpecException(spec.name(), "the model declares shape " + shape
            + ", the supplied tensor has dims " + Arrays.toString(dims) + " (axis " + axis + " differs)");
      }
    }
  }
}
