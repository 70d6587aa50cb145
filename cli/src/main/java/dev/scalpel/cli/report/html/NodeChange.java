package dev.scalpel.cli.report.html;

import java.util.Locale;

/** What became of a node between two versions of a model, as {@link GraphDiff} classifies it. */
public enum NodeChange {
  /** Paired with a node of the other model that has the same op, attributes and input names. */
  KEPT,
  /** Paired, but its op, attributes or inputs differ (a Conv that took in a BatchNormalization). */
  CHANGED,
  /** Gone, but a value it produced is still computed by another node (merged into it). */
  FUSED,
  /** Gone, and a value it produced is now an initializer (constant-folded). */
  FOLDED,
  /** Gone, and nothing it produced survives. */
  REMOVED,
  /** Only in the later model. */
  ADDED;

  /** The CSS class of a node with this change. */
  public String cssClass() {
    return "k-" + name().toLowerCase(Locale.ROOT);
  }
}
