package dev.scalpel.passes.constant;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replaces every {@code Constant} node by an initializer of its graph holding the same tensor
 * under the same value name, in the main graph and in subgraphs (If/Loop/Scan bodies may have
 * initializers of their own, visible to their nested graphs as any value of theirs is).
 *
 * <p>Invariants and refusals:
 * <ul>
 *   <li>Every value form the spec allows converts ({@code value}, {@code value_float(s)},
 *       {@code value_int(s)}, {@code value_string(s)}; see {@link Constants#ofNode}), except {@code
 *       sparse_value}: a graph may hold sparse initializers, but ONNX Runtime densifies them at load
 *       and other consumers (TensorRT's parser) do not read them, so a sparse Constant stays a node.
 *   <li>A main-graph output computed by a Constant becomes an initializer that is a graph output,
 *       which ONNX allows (an output names any value of the graph) and ONNX Runtime runs; the output
 *       keeps its name and declared type. A subgraph output computed by a Constant stays a node: a
 *       body's outputs are what each iteration produces, and runtimes have treated body outputs that
 *       are initializers inconsistently.
 *   <li>Models of IR version below 4 are left alone: there every initializer must also be a graph
 *       input, which would change the signature.
 *   <li>Function bodies have no initializers; their Constants stay.
 * </ul>
 */
public final class ConstantsToInitializers implements ModelPass {
  /** The first IR version in which an initializer need not be a graph input. */
  private static final long MIN_IR_VERSION = 4;

  @Override
  public String id() {
    return "constants-to-initializers";
  }

  @Override
  public void run(Model model, PassContext context) {
    if (model.hasIrVersion() && model.irVersion() < MIN_IR_VERSION) {
      context.report("IR version " + model.irVersion() + " needs initializers to be graph inputs; Constants kept");
      return;
    }
    int sparse = 0;
    for (Graph g : model.graph().allGraphs()) {
      for (Node node : new ArrayList<>(g.nodes())) {
        if (!isConstant(node)) {
          continue;
        }
        if (node.attribute("sparse_value").isPresent()) {
          sparse++;
          continue;
        }
        Optional<Tensor> tensor = Constants.ofNode(node);
        Value out = node.output(0);
        if (tensor.isEmpty() || (out.isGraphOutput() && g.parent() != null)) {
          continue;
        }
        replace(g, node, tensor.get());
      }
    }
    if (sparse > 0) {
      context.report(sparse + " sparse Constant node(s) kept: a sparse tensor is no dense initializer");
    }
  }

  private static boolean isConstant(Node node) {
    return Constants.isConstantNode(node) && !node.output(0).name().isEmpty();
  }

  /** Moves the node's output name to a new initializer, rewires every reader and output, removes the node. */
  private static void replace(Graph g, Node node, Tensor tensor) {
    Value out = node.output(0);
    String name = out.name();
    out.setName(g.root().freshValueName(name));
    Value init = new Value(name, out.type());
    g.addInitializer(init, tensor);
    out.replaceAllUsesWith(init);
    List<Value> outputs = g.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i) == out) {
        g.setOutput(i, init);
      }
    }
    if (g.declaresValueInfo(out)) {
      g.removeValueInfo(out);
    }
    g.remove(node);
  }
}
