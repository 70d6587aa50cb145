/**
 * Everything that needs ONNX Runtime: evaluation fallback for folding and the equivalence checker
 * that validates rewrites. The only module that will bring ONNX Runtime's native library in.
 */
package dev.scalpel.runtime;
