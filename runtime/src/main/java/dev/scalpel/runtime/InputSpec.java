package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One input a model needs at run time: a graph input of the main graph that is not an
 * initializer, with its declared type (null when the file declares none).
 *
 * <p>NOTE: graph inputs that are also initializers (every weight, in models of IR version &lt; 4)
 * are left out: they have a default, and feeding random data to them would change the model.
 */
public record InputSpec(String name, ValueType type) {
  public InputSpec {
    Objects.requireNonNull(name, "name");
  }

  /** The inputs {@code model} needs, in declaration order. */
  public static List<InputSpec> of(Model model) {
    List<InputSpec> out = new ArrayList<>();
    for (Value v : model.graph().inputs()) {
      if (!v.isInitializer() && v.sparseInitializer().isEmpty()) {
        out.add(new InputSpec(v.name(), v.type()));
      }
    }
    return out;
  }

  /** The declared tensor type, or an {@link InputSpecException} saying why there is none. */
  public ValueType.TensorType tensorType() {
    if (type instanceof ValueType.TensorType t) {
      return t;
    }
    throw new InputSpecException(name, type == null
        ? "has no declared type, so inputs cannot be generated; supply a tensor for it"
        : "has type " + type + "; only tensor inputs are supported");
  }

  @Override
  public String toString() {
    return name + ": " + (type == null ? "?" : type);
  }
}
