/**
 * Input data a user supplies for validation, read into named {@link dev.scalpel.graph.Tensor}s:
 * NumPy {@code .npy} and {@code .npz}, ONNX {@code TensorProto} {@code .pb} files and JSON.
 * {@link dev.scalpel.runtime.inputs.InputFiles} is the entry point; every malformed file gives an
 * {@link dev.scalpel.runtime.inputs.InputDataException} naming the file and what is wrong.
 */
package dev.scalpel.runtime.inputs;
