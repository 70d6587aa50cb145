/**
 * Building graphs in code: {@link dev.scalpel.graph.build.GraphBuilder} emits nodes in program
 * order with fresh names, for passes that create nodes and for tests that build the graphs they
 * check.
 */
package dev.scalpel.graph.build;
