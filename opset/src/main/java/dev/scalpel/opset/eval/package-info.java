/**
 * Evaluation of ONNX operators on constant tensors, with the exact semantics the ONNX
 * specification gives them: the kernels that constant folding uses for shape arithmetic and small
 * constant subgraphs.
 *
 * <p>{@link dev.scalpel.opset.eval.Kernels} maps an operator and opset version to an {@link
 * dev.scalpel.opset.eval.OpKernel}; a kernel reads its inputs and attributes from an {@link
 * dev.scalpel.opset.eval.EvalContext} and returns its outputs as dense tensors, or throws {@link
 * dev.scalpel.opset.eval.EvaluationException} when the inputs are invalid, an element type is not
 * supported, or an output would exceed the caller's element budget. Kernel families live in
 * {@code dev.scalpel.opset.eval.kernels}, one class per family, as the inference rules do.
 */
package dev.scalpel.opset.eval;
