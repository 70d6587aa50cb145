package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Node;

/**
 * Carries one node across one version boundary of its operator where the two schemas differ in
 * more than types (an attribute that became an input, a changed meaning): {@code OP-v} against
 * {@code OP-(v-1)}. One adapter per operator change; {@link OpsetConverter} finds it by operator
 * and version ({@link Adapters}).
 *
 * <p>Each direction returns the node that carries on (itself, or a replacement of another
 * operator that continues from the boundary), or null when the node was replaced by nodes already
 * in the target opset's form. A change the node cannot make throws {@link
 * dev.scalpel.passes.convert.ConversionException} naming the node, operator and versions; the
 * converter works on a copy, so a refusal leaves the model as it was.
 */
interface OpAdapter {
  /** From the form before the boundary to the form at it. */
  Node upgrade(Node node, ConversionContext context);

  /** From the form at the boundary to the form before it. */
  Node downgrade(Node node, ConversionContext context);
}
