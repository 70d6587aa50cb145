package dev.scalpel.opset.infer;

import dev.scalpel.graph.Attribute;
import java.util.Optional;

/**
 * The same attribute value under another name: what a function body's attribute reference
 * ({@link Attribute.RefAttr}) becomes at a call, where the caller's {@code alpha} may fill the
 * body's {@code beta}.
 */
final class AttributeRenaming {
  private AttributeRenaming() {}

  /** {@code a} named {@code name}; empty for graph-valued attributes, which cannot be shared. */
  static Optional<Attribute> rename(Attribute a, String name) {
    if (a.name().equals(name)) {
      return Optional.of(a);
    }
    if (a instanceof Attribute.FloatAttr x) {
      return Optional.of(new Attribute.FloatAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.IntAttr x) {
      return Optional.of(new Attribute.IntAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.StringAttr x) {
      return Optional.of(new Attribute.StringAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.TensorAttr x) {
      return Optional.of(new Attribute.TensorAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.SparseTensorAttr x) {
      return Optional.of(new Attribute.SparseTensorAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.TypeAttr x) {
      return Optional.of(new Attribute.TypeAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.FloatsAttr x) {
      return Optional.of(new Attribute.FloatsAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.IntsAttr x) {
      return Optional.of(new Attribute.IntsAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.StringsAttr x) {
      return Optional.of(new Attribute.StringsAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.TensorsAttr x) {
      return Optional.of(new Attribute.TensorsAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.SparseTensorsAttr x) {
      return Optional.of(new Attribute.SparseTensorsAttr(name, x.value(), x.unmodeled()));
    }
    if (a instanceof Attribute.TypesAttr x) {
      return Optional.of(new Attribute.TypesAttr(name, x.value(), x.unmodeled()));
    }
    return Optional.empty();
  }
}
