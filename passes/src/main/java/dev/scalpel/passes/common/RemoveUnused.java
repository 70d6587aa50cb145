package dev.scalpel.passes.common;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.RemoveUnusedNodes;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;

/** Removes dead nodes and unused initializers ({@link RemoveUnusedNodes}), in subgraphs too. */
public final class RemoveUnused implements ModelPass {
  @Override
  public String id() {
    return "remove-unused";
  }

  @Override
  public void run(Model model, PassContext context) {
    RemoveUnusedNodes.run(model);
  }
}
