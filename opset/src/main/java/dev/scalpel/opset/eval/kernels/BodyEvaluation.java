package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.opset.eval.OpKernel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of an operator's body graph (a Scan body) with the standard kernels: the body's inputs
 * take the given tensors, its nodes run in topological order, and its outputs are returned in order.
 *
 * <p>Invariant: every body node must be a default-domain node with a kernel at the enclosing opset,
 * and every value the body reads from the enclosing graph must be constant (an initializer); any
 * other body is refused as unsupported, and a refusing node refuses the whole run.
 */
final class BodyEvaluation {
  private BodyEvaluation() {}

  static List<Tensor> run(EvalContext ctx, Graph body, List<Tensor> inputs) {
    if (body.inputs().size() != inputs.size()) {
      throw ctx.fail("the body takes " + body.inputs().size() + " inputs, given " + inputs.size());
    }
    Map<Value, Tensor> known = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      known.put(body.inputs().get(i), inputs.get(i));
    }
    Kernels kernels = Kernels.standard();
    for (Node node : TopologicalOrder.of(body)) {
      if (!node.isDefaultDomain()) {
        throw ctx.unsupported("the body has a " + node.opType() + " of domain " + node.domain());
      }
      OpKernel kernel = kernels.lookup(OpId.of(node), ctx.opsetVersion())
          .orElseThrow(() -> ctx.unsupported("the body's " + node.opType() + " has no kernel"));
      List<Tensor> args = new ArrayList<>();
      for (Value in : node.inputs()) {
        args.add(in == null || in.name().isEmpty() ? null : valueOf(ctx, in, known));
      }
      List<Tensor> out = kernel.evaluate(EvalContext.of(node, args, ctx.opsetVersion(), ctx.maxOutputElements()));
      for (int i = 0; i < node.outputs().size() && i < out.size(); i++) {
        Value v = node.output(i);
        if (v != null) {
          known.put(v, out.get(i));
        }
      }
    }
    List<Tensor> results = new ArrayList<>();
    for (Value v : body.outputs()) {
      results.add(valueOf(ctx, v, known));
    }
    return results;
  }

  /** What the body computed for {@code v}, or its constant data (a body or enclosing initializer). */
  private static Tensor valueOf(EvalContext ctx, Value v, Map<Value, Tensor> known) {
    Tensor t = known.get(v);
    if (t != null) {
      return t;
    }
    return v.constantValue().orElseThrow(() -> ctx.unsupported("the body reads '" + v.name()
        + "', which is neither computed in it nor constant"));
  }
}
