package dev.scalpel.graph;

/** One use of a {@link Value}: input {@code inputIndex} of {@code node}. */
public record Usage(Node node, int inputIndex) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Usage u && u.node == node && u.inputIndex == inputIndex;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(node) * 31 + inputIndex;
  }
}
