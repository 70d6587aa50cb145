package dev.scalpel.passes.common;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;

/**
 * Puts every graph's nodes in a stable topological order ({@link TopologicalOrder}). Reordering
 * changes no meaning, so it records no changes and never keeps a pipeline iterating.
 */
public final class SortTopologically implements ModelPass {
  @Override
  public String id() {
    return "sort-topologically";
  }

  @Override
  public void run(Model model, PassContext context) {
    TopologicalOrder.sort(model.graph());
  }
}
