package dev.scalpel.passes.dims;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.EvaluationException;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data of a small tensor computed from constants alone, such as a Reshape target that an
 * exporter built without folding ({@code Constant 1 → Unsqueeze → Concat}), evaluated with the
 * Java kernels. The leaves are what {@link Constants#of} reads; this class only evaluates. Nothing is evaluated that depends on a graph input ({@link InputIndependence}),
 * and no intermediate result may exceed {@link #MAX_ELEMENTS}.
 */
final class ConstantVectors {
  /** The largest intermediate tensor evaluated. */
  static final long MAX_ELEMENTS = 4096;
  /** How many nodes back an evaluation may reach. */
  static final int MAX_NODES = 64;

  private ConstantVectors() {}

  /** The data of {@code v}, if it is computed from constants only and every step has a kernel. */
  static Optional<Tensor> evaluate(Value v, long opset) {
    if (v == null || !InputIndependence.isConstantOnly(v)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(evaluate(v, opset, new IdentityHashMap<>()));
    } catch (EvaluationException | ArithmeticException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static Tensor evaluate(Value v, long opset, Map<Node, List<Tensor>> done) {
    Optional<Tensor> c = Constants.of(v);
    if (c.isPresent()) {
      return c.get();
    }
    Node p = v.producer();
    if (p == null || done.size() >= MAX_NODES) {
      return null;
    }
    List<Tensor> outputs = done.get(p);
    if (outputs == null) {
      List<Tensor> inputs = new ArrayList<>();
      for (Value in : p.inputs()) {
        Tensor t = in == null ? null : evaluate(in, opset, done);
        if (in != null && t == null) {
          return null;
        }
        inputs.add(t);
      }
      outputs = Kernels.standard().evaluate(EvalContext.of(p, inputs, opset, MAX_ELEMENTS));
      done.put(p, outputs);
    }
    return outputs.get(v.outputIndex());
  }
}
