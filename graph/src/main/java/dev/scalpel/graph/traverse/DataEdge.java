package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;

/**
 * An edge of {@link GraphView}: {@code consumer} depends on {@code producer} through {@code
 * value}.
 *
 * <p>A direct edge has {@code inputIndex} ≥ 0: input {@code inputIndex} of {@code consumer} reads
 * {@code value}. A capture edge has {@code inputIndex} {@value #CAPTURE}: a node inside a subgraph
 * of {@code consumer} reads {@code value}; there is one such edge per captured value. Equality is
 * by identity of nodes and value, so each input slot gives exactly one edge.
 */
public record DataEdge(Node producer, Node consumer, Value value, int inputIndex) {
  /** The {@link #inputIndex()} of a capture edge. */
  public static final int CAPTURE = -1;

  public boolean isCapture() {
    return inputIndex == CAPTURE;
  }

  @Override
  public String toString() {
    return producer.describe() + " -'" + value.name() + "'-> " + consumer.describe()
        + (isCapture() ? " (captured)" : " #" + inputIndex);
  }
}
