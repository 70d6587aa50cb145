package dev.scalpel.graph;

/**
 * Receives the mutations of a {@link Graph} (and of its subgraphs, which forward to the listeners
 * of their root graph). Pass infrastructure records change summaries from these events rather
 * than from flags that passes set themselves. All methods default to doing nothing.
 */
public interface GraphListener {
  default void nodeAdded(Node node) {}

  default void nodeRemoved(Node node) {}

  default void inputReplaced(Node node, int inputIndex, Value oldValue, Value newValue) {}

  default void initializerChanged(Value value) {}

  default void typeChanged(Value value) {}

  default void attributeChanged(Node node, String name) {}

  default void interfaceChanged(Graph graph) {}
}
