package dev.scalpel.opset.eval;

import dev.scalpel.graph.Tensor;
import java.util.List;

/**
 * Evaluation of one operator over a range of opset versions: reads the node's constant inputs and
 * attributes from the {@link EvalContext} and returns its outputs, one tensor per output of the
 * node, in order. A kernel never mutates its inputs and never returns a result it is unsure of: an
 * input it cannot handle is an {@link EvaluationException}.
 */
@FunctionalInterface
public interface OpKernel {
  /**
   * @throws EvaluationException when the inputs or attributes are invalid for the operator, an
   *     element type is not supported, or an output would exceed the element budget
   */
  List<Tensor> evaluate(EvalContext ctx);
}
