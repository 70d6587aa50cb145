package dev.scalpel.opset.infer;

/**
 * Type and shape inference for one operator over a range of opset versions: reads what is known
 * about the node's inputs from the {@link InferenceContext} and states what follows about its
 * outputs. A rule never fails on missing information: it states what it can (an element type
 * without a shape, a rank without dims) and leaves the rest unknown. It reports contradictions
 * (incompatible shapes) through {@link InferenceContext#fail}.
 */
@FunctionalInterface
public interface InferenceRule {
  void infer(InferenceContext ctx);
}
