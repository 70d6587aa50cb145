package dev.scalpel.passes.fold;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates nodes that have no Java kernel (a fallback for {@link FoldConstants}), for example
 * through ONNX Runtime. A region is a list of nodes in topological order whose inputs are all
 * either given constants or outputs of earlier nodes of the region.
 *
 * <p>A region also holds nodes that have a Java kernel: those whose kernel does not implement the
 * case ({@link dev.scalpel.opset.eval.EvaluationException#unsupported()}), and those that read what
 * the region computes, whose inputs are not known before the evaluator runs. Contract: the
 * evaluator returns no value computed through a node whose Java kernel, given the inputs the
 * evaluator computed for it, refuses it other than as unsupported (a result the spec leaves
 * undefined); it throws {@link RefusedNodesException} naming such nodes, so that a fold is never a
 * value the Java kernels refuse to give.
 */
public interface ConstantEvaluator {
  /**
   * Evaluates {@code region}.
   *
   * @param model the model the nodes belong to (for its opset imports and IR version)
   * @param region nodes in topological order
   * @param constants the data of every value the region reads from outside itself
   * @param wanted the region outputs whose data the caller needs
   * @return the data of every value in {@code wanted}
   * @throws RefusedNodesException when it will not give the values of some nodes of the region
   *     (and returns nothing, whether or not it evaluated the region to find them): the caller may
   *     try the region again without them and what reads them
   * @throws RuntimeException when the region cannot be evaluated; the caller folds nothing of it
   */
  Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted);
}
