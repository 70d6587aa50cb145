package dev.scalpel.passes;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.GraphListener;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;

/** Counts a graph's mutation events (its subgraphs' included) into a {@link ChangeSummary}. */
final class ChangeRecorder implements GraphListener {
  private int nodesAdded;
  private int nodesRemoved;
  private int inputsRewired;
  private int initializersChanged;
  private int typesChanged;
  private int attributesChanged;
  private int interfaceChanges;

  @Override
  public void nodeAdded(Node node) {
    nodesAdded++;
  }

  @Override
  public void nodeRemoved(Node node) {
    nodesRemoved++;
  }

  @Override
  public void inputReplaced(Node node, int inputIndex, Value oldValue, Value newValue) {
    inputsRewired++;
  }

  @Override
  public void initializerChanged(Value value) {
    initializersChanged++;
  }

  @Override
  public void typeChanged(Value value) {
    typesChanged++;
  }

  @Override
  public void attributeChanged(Node node, String name) {
    attributesChanged++;
  }

  @Override
  public void interfaceChanged(Graph graph) {
    interfaceChanges++;
  }

  ChangeSummary summary() {
    return new ChangeSummary(nodesAdded, nodesRemoved, inputsRewired, initializersChanged,
        typesChanged, attributesChanged, interfaceChanges);
  }
}
