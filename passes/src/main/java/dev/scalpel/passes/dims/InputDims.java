package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolves {@link InputShape}s and {@link DimChange}s against a model's graph inputs, checking each
 * (the input exists, is a tensor, the axis is within its rank), and applies them.
 */
final class InputDims {
  private InputDims() {}

  /**
   * The new shape of every input that the specs name, whole shapes first, then single dims.
   *
   * @throws DimSpecException if a spec does not fit the model
   */
  static Map<Value, Shape> plan(Model model, List<InputShape> shapes, List<DimChange> changes) {
    Map<Value, Shape> plan = new LinkedHashMap<>();
    for (InputShape s : shapes) {
      Value v = input(model, s.input());
      Shape old = tensorType(v).shape();
      if (old != null && old.rank() != s.dims().size()) {
        throw new DimSpecException("--input-shape " + s.input() + " gives " + s.dims().size() + " dims, but input '"
            + s.input() + "' has rank " + old.rank() + " " + old);
      }
      plan.put(v, Shape.of(s.dims()));
    }
    for (DimChange c : changes) {
      Value v = input(model, c.input());
      Shape current = plan.containsKey(v) ? plan.get(v) : tensorType(v).shape();
      if (current == null) {
        throw new DimSpecException("input '" + c.input() + "' has no known rank; give its whole shape with --input-shape "
            + c.input() + "=D0xD1x...");
      }
      int axis = c.axis() < 0 ? c.axis() + current.rank() : c.axis();
      if (axis < 0 || axis >= current.rank()) {
        throw new DimSpecException("axis " + c.axis() + " is out of range for input '" + c.input() + "' of rank "
            + current.rank() + " " + current);
      }
      plan.put(v, current.withDim(axis, c.dim()));
    }
    return plan;
  }

  /**
   * Gives each input its planned shape (keeping element type and denotations).
   *
   * @return the inputs whose shape actually changed
   */
  static List<Value> apply(Map<Value, Shape> plan) {
    List<Value> changed = new ArrayList<>();
    plan.forEach((v, shape) -> {
      ValueType.TensorType t = tensorType(v);
      Shape merged = t.shape() == null || !t.shape().hasDenotations() ? shape : keepDenotations(t.shape(), shape);
      if (!merged.equals(t.shape())) {
        v.setType(t.withShape(merged));
        changed.add(v);
      }
    });
    return changed;
  }

  private static Shape keepDenotations(Shape old, Shape dims) {
    List<String> den = new ArrayList<>();
    for (int k = 0; k < old.rank(); k++) {
      den.add(old.denotation(k));
    }
    return Shape.withDenotations(dims.dims(), den);
  }

  static Value input(Model model, String name) {
    for (Value v : model.graph().inputs()) {
      if (v.name().equals(name)) {
        if (!(v.type() instanceof ValueType.TensorType)) {
          throw new DimSpecException("input '" + name + "' is not a tensor (" + v.type() + ")");
        }
        return v;
      }
    }
    String known = model.graph().inputs().stream().filter(v -> !v.isInitializer())
        .map(Value::name).collect(Collectors.joining(", "));
    throw new DimSpecException("the model has no input named '" + name + "'; its inputs: " + known);
  }

  static ValueType.TensorType tensorType(Value v) {
    return (ValueType.TensorType) v.type();
  }

  /** The dim at {@code axis} of {@code v}'s shape, or null when unknown. */
  static Dim dim(Value v, int axis) {
    Shape s = tensorType(v).shape();
    return s == null || axis >= s.rank() ? null : s.dim(axis);
  }
}
