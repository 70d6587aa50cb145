package dev.scalpel.passes;

import dev.scalpel.graph.Model;

/**
 * A transformation of a model, in place. Passes keep no state between runs (configuration comes
 * through constructors); what a run changed is recorded by the {@link PassManager} from the
 * graph's own mutation events, not reported by the pass. Running a pass twice in a row must leave
 * the second run without changes.
 */
public interface ModelPass {
  /** Stable kebab-case id, used in textual pipelines and on the command line. */
  String id();

  /** Transforms {@code model} in place; notes go to {@code context}. */
  void run(Model model, PassContext context);
}
