package dev.scalpel.opset;

import dev.scalpel.graph.Attribute;
import java.util.Objects;
import java.util.Optional;

/**
 * An attribute an operator schema declares.
 *
 * <p>Invariant: a required attribute has no default, and a default is named {@code name} and has
 * type {@code type}.
 *
 * @param name the attribute's name
 * @param type the type a node's attribute of this name must have
 * @param required whether every node must set it
 * @param defaultValue the value a node that omits it gets, if the schema gives one
 */
public record AttributeSpec(String name, Attribute.Type type, boolean required, Optional<Attribute> defaultValue) {
  public AttributeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    if (required && defaultValue.isPresent()) {
      throw new IllegalArgumentException("required attribute '" + name + "' cannot have a default");
    }
    defaultValue.ifPresent(d -> {
      if (!d.name().equals(name) || d.type() != type) {
        throw new IllegalArgumentException("default of attribute '" + name + "' (" + type + ") is "
            + d.type() + " '" + d.name() + "'");
      }
    });
  }
}
