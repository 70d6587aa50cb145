/**
 * Model passes, the pass manager and the rewrite-rule engine. Depends on the opset module (and
 * through it on the graph module). Populated by the simplification work that builds on the IR.
 */
package dev.scalpel.passes;
