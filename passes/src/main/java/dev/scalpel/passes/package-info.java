/**
 * Model passes (idempotent, run by the pass manager in pipelines), model edits (one-shot surgeries
 * with typed arguments, {@link dev.scalpel.passes.ModelEdit}) and the rewrite-rule engine. Depends on the opset module (and
 * through it on the graph module). Populated by the simplification work that builds on the IR.
 */
package dev.scalpel.passes;
