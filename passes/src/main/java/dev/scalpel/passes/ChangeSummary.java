package dev.scalpel.passes;

/**
 * What a pass changed, counted from the graph's mutation events. Immutable. {@link #isEmpty()}
 * drives fixed-point iteration.
 */
public record ChangeSummary(
    int nodesAdded,
    int nodesRemoved,
    int inputsRewired,
    int initializersChanged,
    int typesChanged,
    int attributesChanged,
    int interfaceChanges) {

  public static final ChangeSummary NONE = new ChangeSummary(0, 0, 0, 0, 0, 0, 0);

  public boolean isEmpty() {
    return equals(NONE);
  }

  public ChangeSummary plus(ChangeSummary o) {
    return new ChangeSummary(nodesAdded + o.nodesAdded, nodesRemoved + o.nodesRemoved,
        inputsRewired + o.inputsRewired, initializersChanged + o.initializersChanged,
        typesChanged + o.typesChanged, attributesChanged + o.attributesChanged,
        interfaceChanges + o.interfaceChanges);
  }

  @Override
  public String toString() {
    if (isEmpty()) {
      return "no changes";
    }
    StringBuilder sb = new StringBuilder();
    append(sb, nodesAdded, "nodes added");
    append(sb, nodesRemoved, "nodes removed");
    append(sb, inputsRewired, "inputs rewired");
    append(sb, initializersChanged, "initializers changed");
    append(sb, typesChanged, "types changed");
    append(sb, attributesChanged, "attributes changed");
    append(sb, interfaceChanges, "interface changes");
    return sb.toString();
  }

  private static void append(StringBuilder sb, int n, String what) {
    if (n != 0) {
      sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(what);
    }
  }
}
