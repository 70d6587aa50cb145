/**
 * Whole-graph algorithms over the IR: {@link dev.scalpel.graph.traverse.TopologicalOrder}, the
 * structural {@link dev.scalpel.graph.traverse.GraphVerifier}, dead-code removal ({@link
 * dev.scalpel.graph.traverse.RemoveUnusedNodes}) and a JGraphT view of a graph's dataflow ({@link
 * dev.scalpel.graph.traverse.GraphView}). Subgraph captures count as dependencies of the node that
 * owns the subgraph everywhere in this package.
 */
package dev.scalpel.graph.traverse;
