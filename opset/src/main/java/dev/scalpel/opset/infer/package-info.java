/**
 * Type and shape inference with symbolic dimensions.
 *
 * <p>{@link dev.scalpel.opset.infer.ShapeInference} walks a model in topological order and asks
 * the {@link dev.scalpel.opset.infer.InferenceRule} of each node's operator and opset version
 * ({@link dev.scalpel.opset.infer.InferenceRules}) what follows about its outputs. Dims are
 * {@link dev.scalpel.opset.infer.SymExpr}s (constants, symbols, arithmetic over them) collected in
 * {@link dev.scalpel.opset.infer.SymShape}s; small integer tensors (and whole-number floats that feed
 * shape arithmetic) carry their values as
 * {@link dev.scalpel.opset.infer.PartialValue}s, so shape arithmetic folds into exact shapes.
 * Results only refine what values already declare ({@code TypeRefiner}). Rule families live in
 * {@code dev.scalpel.opset.infer.rules}, one class per family, assembled by {@code StandardRules}.
 */
package dev.scalpel.opset.infer;
