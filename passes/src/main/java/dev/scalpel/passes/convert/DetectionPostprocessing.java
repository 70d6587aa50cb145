package dev.scalpel.passes.convert;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The post-processing of a detector: the nodes that compute the boxes and scores a {@code
 * NonMaxSuppression} selects from, back to the last heavy op (Conv, MatMul, Gemm...), and the
 * nodes that post-process its selection. A float16 conversion keeps them in float32 ({@link
 * PrecisionPlan}): box coordinates are image coordinates (and, in the batched-NMS trick, label
 * times the largest coordinate plus the box), where float16's spacing is 0.25 at 256 and 2 at
 * 2048, so the boxes' overlaps change and NMS selects other boxes; a threshold or TopK over
 * near-equal scores reorders as well. The heavy ops stay half: their outputs are cast once.
 *
 * <p><b>Selection inputs</b> ({@link #computesSelectionInput}), found once over the model: walking
 * back from every input of every NonMaxSuppression node, every producer is one, and the walk goes
 * on through all its inputs (index inputs too, so the {@code Greater → NonZero → GatherND} chain
 * that thresholds the scores is found), except through a heavy op ({@link #HEAVY}), {@code Shape}
 * or {@code Size} (they read only a shape), and nodes with subgraphs (control flow stays float32
 * at its boundary anyway). The walk crosses subgraph boundaries: a node inside an If branch that
 * reads an outer value continues at its producer in the outer graph.
 *
 * <p><b>Selection post-processing</b> ({@link #postProcesses}), decided in topological order as
 * the plan goes: a node that reads a value of the post-processing (a NonMaxSuppression output, or
 * an output of a selection-input or post-processing node) and whose other float32 inputs all stay
 * float32 anyway (by the caller's predicate) or are constants — converting it would only add
 * Casts in front of it. The gather of the selected boxes and their rescaling to the image are such
 * nodes; a node that mixes in a converted value of the network is not.
 *
 * <p>Invariants: a heavy op is never in either set; a model without NonMaxSuppression has empty sets.
 */
final class DetectionPostprocessing {
  /** Ops whose arithmetic is the network's bulk: the walk back from NMS stops at them. */
  static final Set<String> HEAVY = Set.of("Conv", "ConvTranspose", "ConvInteger", "QLinearConv", "MatMul",
      "MatMulInteger", "QLinearMatMul", "Gemm", "Einsum", "LSTM", "GRU", "RNN", "Attention");

  /** Selection-input node → the NonMaxSuppression it feeds (the first found). */
  private final Map<Node, Node> selectionInputs = new IdentityHashMap<>();
  private final Set<Value> postProcessed = Collections.newSetFromMap(new IdentityHashMap<>());

  private DetectionPostprocessing() {}

  static DetectionPostprocessing of(Model model) {
    DetectionPostprocessing d = new DetectionPostprocessing();
    for (Node n : model.graph().allNodes()) {
      if (n.isDefaultDomain() && n.opType().equals("NonMaxSuppression")) {
        d.walkBack(n);
        n.outputs().stream().filter(v -> v != null).forEach(d.postProcessed::add);
      }
    }
    d.selectionInputs.keySet().forEach(n -> n.outputs().stream().filter(v -> v != null).forEach(d.postProcessed::add));
    return d;
  }

  /** The NonMaxSuppression whose boxes or scores {@code node} computes, or null. */
  Node computesSelectionInput(Node node) {
    return selectionInputs.get(node);
  }

  /**
   * Whether {@code node} post-processes a selection (see the class comment); if so, its outputs
   * become post-processing values for the nodes decided after it. Call in topological order.
   *
   * @param staysFloat whether a value (not a post-processing value) is float32 after conversion
   */
  boolean postProcesses(Node node, Predicate<Value> staysFloat) {
    if (postProcessed.isEmpty() || HEAVY.contains(node.opType()) || !node.subgraphs().isEmpty()) {
      return false;
    }
    boolean readsSelection = false;
    for (Value in : node.inputs()) {
      if (in == null) {
        continue;
      }
      if (postProcessed.contains(in)) {
        readsSelection = true;
      } else if (in.dataType().orElse(null) == DataType.FLOAT && Constants.of(in).isEmpty() && !staysFloat.test(in)) {
        return false;
      }
    }
    if (readsSelection) {
      node.outputs().stream().filter(v -> v != null).forEach(postProcessed::add);
    }
    return readsSelection;
  }

  private void walkBack(Node nms) {
    Deque<Value> work = new ArrayDeque<>();
    nms.inputs().stream().filter(v -> v != null).forEach(work::add);
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!work.isEmpty()) {
      Node p = work.pop().producer();
      if (p == null || !seen.add(p) || HEAVY.contains(p.opType()) || !p.subgraphs().isEmpty()
          || p.opType().equals("Shape") || p.opType().equals("Size")) {
        continue;
      }
      selectionInputs.putIfAbsent(p, nms);
      p.inputs().stream().filter(v -> v != null).forEach(work::add);
    }
  }
}
