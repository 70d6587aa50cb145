package dev.scalpel.opset;

import dev.scalpel.graph.DataType;
import java.util.HashMap;
import java.util.Map;

/** Element types by the lower-case names type strings use ({@code float}, {@code bfloat16}). */
final class ElementNames {
  static final Map<String, DataType> BY_NAME = build();

  private ElementNames() {}

  private static Map<String, DataType> build() {
    Map<String, DataType> m = new HashMap<>();
    for (DataType t : DataType.values()) {
      if (t != DataType.UNDEFINED) {
        m.put(t.displayName(), t);
      }
    }
    return Map.copyOf(m);
  }
}
