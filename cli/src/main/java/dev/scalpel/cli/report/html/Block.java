package dev.scalpel.cli.report.html;

import dev.scalpel.graph.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A group of top-level nodes drawn as one box until it is expanded: a repeated block of the model
 * ({@code /model/layers.3}) found by {@link RepeatedBlocks}, or the whole graph (the root).
 * A node belongs to exactly one block, the innermost one; {@link #children} are nested blocks.
 */
public final class Block {
  private final String key;
  private final String label;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Block> children = new ArrayList<>();

  Block(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The name scope that defines it ({@code /inner/model/layers.3}); empty for the root. */
  public String key() {
    return key;
  }

  /** The last segment of its scope ({@code layers.3}). */
  public String label() {
    return label;
  }

  /** Its own nodes, in graph order, without those of nested blocks. */
  public List<Node> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  public List<Block> children() {
    return Collections.unmodifiableList(children);
  }

  /** Nodes of this block and of every nested one. */
  public int totalNodes() {
    int n = nodes.size();
    for (Block c : children) {
      n += c.totalNodes();
    }
    return n;
  }

  List<Node> mutableNodes() {
    return nodes;
  }

  List<Block> mutableChildren() {
    return children;
  }
}
