package dev.scalpel.opset;

import java.util.Objects;
import java.util.Optional;

/**
 * One formal input or output of an operator schema.
 *
 * @param name the parameter's name in the schema
 * @param typeStr a type parameter bound by a {@link TypeConstraint} ({@code T}) or a concrete type
 *     string ({@code tensor(int64)})
 * @param arity whether the parameter takes one value, may be omitted, or takes any number
 * @param homogeneous for a variadic parameter: whether all its values must have one type
 * @param minArity for a variadic parameter: the fewest values it takes (1 otherwise)
 */
public record FormalParameter(String name, String typeStr, Arity arity, boolean homogeneous, int minArity) {

  /** How many values a formal parameter takes. */
  public enum Arity {
    /** Exactly one value. */
    SINGLE,
    /** One value, which may be omitted (an empty name in the node). */
    OPTIONAL,
    /** Any number from {@code minArity}; only the last parameter can be variadic. */
    VARIADIC
  }

  public FormalParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeStr, "typeStr");
    Objects.requireNonNull(arity, "arity");
  }

  /** The concrete type when {@link #typeStr()} is a type string rather than a type parameter. */
  public Optional<TypeExpr> concreteType() {
    return TypeExpr.tryParse(typeStr);
  }

  public boolean isOptional() {
    return arity == Arity.OPTIONAL;
  }

  public boolean isVariadic() {
    return arity == Arity.VARIADIC;
  }
}
