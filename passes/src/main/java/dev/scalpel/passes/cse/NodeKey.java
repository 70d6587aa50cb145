package dev.scalpel.passes.cse;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What makes two nodes compute the same outputs: operator (domain, type, overload), attributes by
 * value (documentation ignored; floats compared by bits), inputs by identity, except small
 * constants, which compare by content, and which outputs are present. Two nodes with equal keys
 * compute equal outputs when the operator is deterministic.
 *
 * <p>Nodes with graph, sparse-tensor or reference attributes have no key ({@link #of} is empty):
 * subgraphs would need proof of equivalence, and the others are rare enough not to bother.
 */
final class NodeKey {
  /** Initializers up to this size are compared by content. */
  static final long MAX_CONTENT_BYTES = 4096;

  private NodeKey() {}

  static Optional<List<Object>> of(Node node) {
    List<Object> key = new ArrayList<>();
    key.add(node.domain());
    key.add(node.opType());
    key.add(node.overload());
    Map<String, Object> attrs = new TreeMap<>();
    for (Attribute a : node.attributes().values()) {
      Optional<Object> v = attributeValue(a);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      attrs.put(a.name(), v.get());
    }
    key.add(attrs);
    List<Object> inputs = new ArrayList<>();
    for (Value in : node.inputs()) {
      inputs.add(in == null ? "<absent>" : inputKey(in));
    }
    key.add(inputs);
    List<Boolean> present = new ArrayList<>();
    for (Value out : node.outputs()) {
      present.add(!out.name().isEmpty());
    }
    key.add(present);
    return Optional.of(key);
  }

  private static Object inputKey(Value v) {
    Optional<Tensor> c = v.constantValue();
    if (c.isPresent() && c.get().byteSize() <= MAX_CONTENT_BYTES && c.get().dataType() != DataType.STRING
        && !c.get().isExternal()) {
      return tensorKey(c.get());
    }
    return new Identity(v);
  }

  private static Optional<Object> attributeValue(Attribute a) {
    if (a instanceof Attribute.IntAttr x) {
      return Optional.of(x.value());
    }
    if (a instanceof Attribute.FloatAttr x) {
      return Optional.of("f" + Float.floatToIntBits(x.value()));
    }
    if (a instanceof Attribute.StringAttr x) {
      return Optional.of("s" + x.value());
    }
    if (a instanceof Attribute.IntsAttr x) {
      return Optional.of(x.value());
    }
    if (a instanceof Attribute.FloatsAttr x) {
      List<Integer> bits = new ArrayList<>();
      x.value().forEach(f -> bits.add(Float.floatToIntBits(f)));
      return Optional.of(List.of("fs", bits));
    }
    if (a instanceof Attribute.StringsAttr x) {
      return Optional.of(List.of("ss", x.value()));
    }
    if (a instanceof Attribute.TensorAttr x) {
      return x.value().dataType() == DataType.STRING ? Optional.empty() : Optional.of(tensorKey(x.value()));
    }
    if (a instanceof Attribute.TensorsAttr x) {
      List<Object> ts = new ArrayList<>();
      for (Tensor t : x.value()) {
        if (t.dataType() == DataType.STRING) {
          return Optional.empty();
        }
        ts.add(tensorKey(t));
      }
      return Optional.of(ts);
    }
    if (a instanceof Attribute.TypeAttr x) {
      // NOTE: value types are records, equal by structure (denotations included).
      return Optional.of(List.of("t", x.value()));
    }
    return Optional.empty();
  }

  private static Object tensorKey(Tensor t) {
    return List.of(t.dataType(), Arrays.stream(t.dims()).boxed().toList(), t.data());
  }

  /** A value compared by identity, whatever Value's own equality is. */
  private record Identity(Value value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity i && i.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }
}
