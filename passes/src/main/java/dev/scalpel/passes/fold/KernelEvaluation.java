package dev.scalpel.passes.fold;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.EvaluationException;
import dev.scalpel.opset.eval.OpKernel;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one node with a Java kernel under the growth rule ({@link FoldGrowth}): its outputs
 * may take at most {@code max(maxOutputBytes, bytes of the constants the fold frees)}.
 *
 * <p>The rule is applied before anything is computed: the kernel gets an element budget derived
 * from the allowance and refuses a larger output before allocating it; the outputs are checked
 * again in bytes afterwards.
 *
 * @param outputs the results, or null when the node is not folded
 * @param skipReason why it is not folded, or null
 * @param unsupported whether the kernel only lacks support for the case (an element type it does
 *     not hold), so that the fallback evaluator may take the node
 */
record KernelEvaluation(List<Tensor> outputs, String skipReason, boolean unsupported) {

  /**
   * @param inputs the data of {@code node}'s inputs, slot by slot ({@code null} for an absent one)
   */
  static KernelEvaluation run(Node node, OpKernel kernel, List<Tensor> inputs, long opset, long maxOutputBytes) {
    long freed = FoldGrowth.freedBytes(slots(node, inputs), List.of(node));
    long elementBudget = FoldGrowth.elementBudget(node, FoldGrowth.allowance(maxOutputBytes, freed));
    List<Tensor> outputs;
    try {
      outputs = kernel.evaluate(EvalContext.of(node, inputs, opset, elementBudget));
    } catch (EvaluationException e) {
      // NOTE: the kernel refuses an output over its element budget before allocating it; to the
      // user that is the growth limit, so the reason says so in the same words as overAllowance.
      String reason = e.reason().contains("exceeds the budget")
          ? "output would grow the model (constants freed " + freed + " bytes) beyond the limit of " + maxOutputBytes
              + " bytes (" + e.reason() + ")"
          : e.reason();
      return new KernelEvaluation(null, reason, e.unsupported());
    } catch (RuntimeException e) {
      // NOTE: a kernel handed a ShapeOnlyTensor where it needs data, or an unexpected tensor type.
      return new KernelEvaluation(null, String.valueOf(e.getMessage()), false);
    }
    long outputBytes = 0;
    for (Tensor t : outputs) {
      outputBytes = FoldGrowth.saturatingAdd(outputBytes, t.byteSize());
    }
    String over = FoldGrowth.overAllowance(outputBytes, freed, maxOutputBytes);
    return over == null ? new KernelEvaluation(outputs, null, false) : new KernelEvaluation(null, over, false);
  }

  /** Input value → its data, for the slots of {@code node} that have both. */
  private static Map<Value, Tensor> slots(Node node, List<Tensor> inputs) {
    Map<Value, Tensor> out = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size() && i < node.inputs().size(); i++) {
      Value v = node.input(i);
      if (v != null && inputs.get(i) != null) {
        out.put(v, inputs.get(i));
      }
    }
    return out;
  }

  boolean folded() {
    return outputs != null;
  }
}
