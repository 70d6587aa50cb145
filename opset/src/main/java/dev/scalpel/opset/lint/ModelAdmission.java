package dev.scalpel.opset.lint;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.graph.traverse.TopologicalOrder;
import java.util.List;
import java.util.Set;

/**
 * The checks every model passes when Scalpel loads it, before any command, pass or ONNX Runtime
 * sees it: the structural rules of {@link GraphVerifier}, and the attribute kinds and output
 * counts of the operator schemas. A graph whose nodes are merely out of order is sorted; everything else is refused.
 *
 * <p>Invariant: after {@link #admit} returns, every graph of the model is in topological order,
 * acyclic, names each value once per graph, reads only visible values, imports every domain it
 * uses, declares no UNDEFINED tensor element type where ONNX requires one, calls no function that
 * reaches itself, sets no attribute of a known operator to another kind than its schema
 * declares, gives no node of a known operator fewer or more outputs than its schema allows, and
 * names each node once per graph.
 */
public final class ModelAdmission {
  /**
   * Verifier rules that do not keep a model out. NOTE: duplicate node names are not among them:
   * ONNX Runtime refuses "two nodes with same node name".
   */
  private static final Set<GraphVerifier.Rule> TOLERATED = Set.of(GraphVerifier.Rule.NOT_TOPOLOGICAL);

  private ModelAdmission() {}

  /**
   * Admits {@code model}, sorting its graphs if they are acyclic but out of order.
   *
   * <p>NOTE: the ONNX IR requires the nodes of a graph to be listed in topological order, but
   * exporters and hand edits break that, ONNX Runtime sorts on load, and onnx-graphsurgeon's
   * {@code toposort()} does the same repair; so an unsorted acyclic graph is repaired (stably:
   * {@link TopologicalOrder} keeps the given order among independent nodes), not rejected.
   *
   * @return whether nodes were reordered (the model no longer matches its file byte for byte)
   * @throws InvalidModelException with one line naming the first broken rule, its graph and node,
   *     and how many more there are
   */
  public static boolean admit(Model model) {
    List<Finding> findings = GraphVerifier.verify(model);
    List<Finding> fatal = findings.stream().filter(f -> TOLERATED.stream().noneMatch(r -> r.matches(f))).toList();
    if (!fatal.isEmpty()) {
      throw new InvalidModelException(summary(fatal.get(0), fatal.size()));
    }
    boolean unsorted = findings.stream().anyMatch(GraphVerifier.Rule.NOT_TOPOLOGICAL::matches);
    if (unsorted) {
      TopologicalOrder.sort(model.graph());
      for (Function f : model.functions()) {
        TopologicalOrder.sort(f.body());
      }
    }
    // NOTE: passes and shape inference read attributes through typed accessors; an attribute of
    // the wrong kind (a GRAPH 'axis') would surface as an internal error deep inside a pass, and
    // ONNX Runtime refuses such a model anyway ("Mismatched attribute type").
    // The same for output counts: a rewrite rule replaces the outputs the schema gives a node, and
    // SimplifyFuzzTest found a Slice with two outputs (internal error in the rewriter); ONNX's
    // checker and ONNX Runtime refuse such nodes as well. Input counts stay lint's to report
    // (`lint` lists them with exit 1).
    List<Finding> wrongKinds = ModelLinter.standard().lint(model).stream()
        .filter(f -> LintRule.ATTRIBUTE_TYPE.matches(f) || LintRule.OUTPUT_COUNT.matches(f)).toList();
    if (!wrongKinds.isEmpty()) {
      throw new InvalidModelException(summary(wrongKinds.get(0), wrongKinds.size()));
    }
    return unsorted;
  }

  private static String summary(Finding first, int count) {
    return "invalid model: " + first.toString().replaceFirst("^error ", "")
        + (count > 1 ? " (and " + (count - 1) + " more)" : "");
  }
}
