package dev.scalpel.opset;

import dev.scalpel.graph.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The types a type parameter of a schema may be bound to. Immutable.
 *
 * @param param the type parameter, such as {@code T}
 * @param allowedTypes the allowed types as the schema spells them
 * @param allowed the same types parsed, in the same order
 */
public record TypeConstraint(String param, List<String> allowedTypes, List<TypeExpr> allowed) {
  public TypeConstraint {
    Objects.requireNonNull(param, "param");
    allowedTypes = List.copyOf(allowedTypes);
    allowed = List.copyOf(allowed);
  }

  /**
   * A constraint from type strings.
   *
   * @throws IllegalArgumentException if one of them is not a type string
   */
  public static TypeConstraint of(String param, List<String> allowedTypes) {
    return new TypeConstraint(param, allowedTypes, allowedTypes.stream().map(TypeExpr::parse).toList());
  }

  /** Whether {@code type} is allowed. */
  public boolean allows(TypeExpr type) {
    return allowed.contains(type);
  }

  /** Whether {@code type} is allowed; true when the type is not fully known. */
  public boolean allowsIfKnown(ValueType type) {
    Optional<TypeExpr> t = TypeExpr.of(type);
    return t.isEmpty() || allows(t.get());
  }
}
