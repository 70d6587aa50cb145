/**
 * The kernel families behind {@link dev.scalpel.opset.eval.Kernels#standard()}, one class per
 * family, each registering its operators and versions; and the small machinery they share
 * (decoded arrays, broadcasting, strided index maps).
 */
package dev.scalpel.opset.eval.kernels;
