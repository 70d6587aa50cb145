/**
 * One-shot edits of a model's graph with typed arguments, the onnx-graphsurgeon vocabulary as
 * {@link dev.scalpel.passes.ModelEdit}s: {@link dev.scalpel.passes.edit.InsertNode} (a node after
 * or before a tensor), {@link dev.scalpel.passes.edit.BypassNode}, {@link
 * dev.scalpel.passes.edit.RenameElement}, {@link dev.scalpel.passes.edit.SetOutputs} and {@link
 * dev.scalpel.passes.edit.ReplaceInitializer}. Each wraps the graph API ({@code Graph.newNode},
 * {@code Graph.bypass}, {@code Graph.rename}), refuses with a {@link
 * dev.scalpel.passes.edit.GraphEditException} before changing anything, and re-infers the types
 * its change made stale ({@link dev.scalpel.passes.edit.StaleTypes}).
 */
package dev.scalpel.passes.edit;
