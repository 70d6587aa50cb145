package dev.scalpel.graph;

/**
 * A typed read of an {@link Attribute} of another kind (an INT read of a FLOAT attribute, or of one
 * with no value at all). Admission refuses models whose attributes have another kind than their
 * operator's schema declares, so after it this is only thrown for attributes the node's schema
 * version does not have (an {@code allowzero} on Reshape-5, say), which a reader may then treat as
 * unusable.
 */
public final class AttributeKindException extends IllegalStateException {
  AttributeKindException(String message) {
    super(message);
  }
}
