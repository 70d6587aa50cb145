/**
 * Everything that needs ONNX Runtime: evaluation fallback for folding and the equivalence checker
 * that validates rewrites. The only module that will bring ONNX Runtime's native library in.
 *
 * <p>Validation: {@link dev.scalpel.runtime.EquivalenceChecker#check} runs an original and a
 * rewritten model on the same seeded inputs ({@link dev.scalpel.runtime.InputGenerator}) at
 * several sizes of every dynamic dim ({@link dev.scalpel.runtime.DimPlanner}) through {@link
 * dev.scalpel.runtime.OrtRunner} (ORT optimizations off) and returns an immutable {@link
 * dev.scalpel.runtime.EquivalenceReport}; {@link dev.scalpel.runtime.DivergenceLocator} names the
 * first node where the two models differ. Nothing here prints; front ends render the records.
 *
 * <p>Edit, then prove: {@link dev.scalpel.runtime.CheckedEdit} is the one way to change a model
 * and write it only when the check passes; the original runs from its own file, the result from a
 * {@link dev.scalpel.runtime.StagedModel} beside the output, so ONNX Runtime memory-maps the
 * weights of both and the JVM heap holds none.
 */
package dev.scalpel.runtime;
