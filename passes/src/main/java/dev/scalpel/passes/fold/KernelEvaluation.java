package dev.scalpel.passes.fold;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.EvaluationException;
import dev.scalpel.opset.eval.OpKernel;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates one node with a Java kernel under the growth budget: an output that is larger than the
 * node's inputs together (it would grow the model) may not exceed {@code maxOutputBytes}.
 *
 * @param outputs the results, or null when the node is not folded
 * @param skipReason why it is not folded, or null
 */
record KernelEvaluation(List<Tensor> outputs, String skipReason) {

  static KernelEvaluation run(Node node, OpKernel kernel, List<Tensor> inputs, long opset, long maxOutputBytes) {
    long inputBytes = inputBytes(inputs);
    // NOTE: an element takes at least one byte, so an output that does not grow the model has at
    // most max(inputBytes) elements; the kernel refuses anything larger before allocating it.
    long elementBudget = Math.max(maxOutputBytes, inputBytes);
    List<Tensor> outputs;
    try {
      outputs = kernel.evaluate(EvalContext.of(node, inputs, opset, elementBudget));
    } catch (EvaluationException e) {
      // NOTE: the kernel refuses an output over its element budget before allocating it; to the
      // user that is the growth limit, so the reason says so in the same words as overBudget.
      String reason = e.reason().contains("exceeds the budget")
          ? "output would grow the model (inputs " + inputBytes + " bytes) beyond the limit of " + maxOutputBytes
              + " bytes (" + e.reason() + ")"
          : e.reason();
      return new KernelEvaluation(null, reason);
    } catch (RuntimeException e) {
      // NOTE: a kernel handed a ShapeOnlyTensor where it needs data, or an unexpected tensor type.
      return new KernelEvaluation(null, String.valueOf(e.getMessage()));
    }
    String over = overBudget(outputs, inputBytes, maxOutputBytes);
    return over == null ? new KernelEvaluation(outputs, null) : new KernelEvaluation(null, over);
  }

  /** Why {@code outputs} may not be materialised, or null if they may. */
  static String overBudget(List<Tensor> outputs, long inputBytes, long maxOutputBytes) {
    long outputBytes = 0;
    for (Tensor t : outputs) {
      outputBytes += t.byteSize();
    }
    if (outputBytes > inputBytes && outputBytes > maxOutputBytes) {
      return "output of " + outputBytes + " bytes would grow the model (inputs " + inputBytes
          + " bytes) beyond the limit of " + maxOutputBytes + " bytes";
    }
    return null;
  }

  static long inputBytes(List<Tensor> inputs) {
    return inputs.stream().filter(Objects::nonNull).mapToLong(Tensor::byteSize).sum();
  }

  boolean folded() {
    return outputs != null;
  }
}
