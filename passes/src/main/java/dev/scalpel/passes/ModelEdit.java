package dev.scalpel.passes;

import dev.scalpel.graph.Model;

/**
 * A change made to a model once, on purpose: fix or free some dims, insert a Resize, turn a baked
 * scale into an input. Its arguments are typed and given to the constructor; {@link #apply} makes
 * the change in place and returns what it did ({@code R}).
 *
 * <p>How it differs from a {@link ModelPass}: a pass is idempotent (a second run changes nothing),
 * keeps the model's signature, and is contract-tested for both ({@code ModelPassContract}); it is
 * named in pipelines and may run any number of times until a fixed point. An edit has none of those
 * contracts: applied twice it may change the model twice (a second {@code InsertResize} inserts a
 * second Resize) or refuse (a second {@code ParameterizeResize} finds no baked scale), and it may
 * change the signature on purpose. So edits are never in {@link PassRegistry} or a pipeline; a
 * caller applies one, usually through {@code runtime.CheckedEdit}, which proves the result in ONNX
 * Runtime before it is written.
 *
 * <p>Invariant shared by every edit: a change the model does not allow is refused with an
 * exception before the first mutation, so a refused edit leaves the model as it was.
 *
 * @param <R> what one application did (the inputs it changed, the nodes it rewrote, findings)
 */
public interface ModelEdit<R> {
  /**
   * Changes {@code model} in place, taking shape inference from {@code analyses} (a result held
   * there for the model as it is serves as the baseline; what the edit infers afterwards is left
   * there for whoever comes next).
   */
  R apply(Model model, Analyses analyses);

  /** Changes {@code model} in place, with analyses of its own. */
  default R apply(Model model) {
    return apply(model, new Analyses());
  }
}
