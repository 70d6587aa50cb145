package dev.scalpel.opset.eval;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kernels by operator and opset version: a kernel registered at version v applies from v until
 * the next registration of the same operator. A registration may be {@link Builder#unsupported}:
 * from that version on the operator has no kernel (its semantics changed in a way Scalpel does not
 * evaluate). Immutable once built; {@link #standard()} holds every kernel Scalpel ships.
 */
public final class Kernels {
  private final Map<OpId, TreeMap<Integer, Optional<OpKernel>>> kernels;

  private Kernels(Map<OpId, TreeMap<Integer, Optional<OpKernel>>> kernels) {
    this.kernels = kernels;
  }

  private static final class Holder {
    static final Kernels STANDARD = StandardKernels.build();
  }

  /** Every kernel Scalpel ships. */
  public static Kernels standard() {
    return Holder.STANDARD;
  }

  /** The kernel for {@code op} at {@code opsetVersion}, if one applies. */
  public Optional<OpKernel> lookup(OpId op, long opsetVersion) {
    TreeMap<Integer, Optional<OpKernel>> versions = kernels.get(op);
    if (versions == null) {
      return Optional.empty();
    }
    Map.Entry<Integer, Optional<OpKernel>> e = versions.floorEntry((int) Math.min(Integer.MAX_VALUE, opsetVersion));
    return e == null ? Optional.empty() : e.getValue();
  }

  /**
   * Evaluates the context's operator.
   *
   * @throws EvaluationException when no kernel applies, or the kernel refuses
   */
  public List<Tensor> evaluate(EvalContext ctx) {
    OpKernel kernel = lookup(ctx.op(), ctx.opsetVersion())
        .orElseThrow(() -> new EvaluationException(ctx.op(), "no kernel at opset " + ctx.opsetVersion()));
    return kernel.evaluate(ctx);
  }

  /**
   * The tensor {@code value} holds when it is computed from constants alone, such as a Reshape
   * target that an exporter built without folding ({@code Constant 1 → Unsqueeze → Concat}),
   * evaluated here without changing the graph (folding does the same for a whole graph and keeps
   * the results). The leaves are what {@link Constants#of} reads; every node between them and
   * {@code value} must have no subgraph and a kernel here at {@code opsetVersion}, and each result
   * at most {@code maxElements} elements. A node first reached once {@code maxNodes} nodes have been
   * evaluated is not (NOTE: it is counted when reached, before its inputs, so a chain already under
   * way may end a few nodes past the bound; the bound only keeps the cost small).
   *
   * @return the tensor, or empty when a limit is hit, a value on the way is not constant, or a
   *     kernel refuses
   */
  public Optional<Tensor> evaluateFromConstants(Value value, long opsetVersion, long maxElements, int maxNodes) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(evaluateFromConstants(value, opsetVersion, maxElements, maxNodes, new IdentityHashMap<>()));
    } catch (EvaluationException | ArithmeticException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** The tensor {@code v} holds, or null; {@code done} holds the outputs of the nodes evaluated so far. */
  private Tensor evaluateFromConstants(Value v, long opsetVersion, long maxElements, int maxNodes,
      Map<Node, List<Tensor>> done) {
    Optional<Tensor> c = Constants.of(v);
    if (c.isPresent()) {
      return c.get();
    }
    Node p = v.producer();
    if (p == null || !p.subgraphs().isEmpty() || done.size() >= maxNodes) {
      return null;
    }
    List<Tensor> outputs = done.get(p);
    if (outputs == null) {
      List<Tensor> inputs = new ArrayList<>();
      for (Value in : p.inputs()) {
        Tensor t = in == null ? null : evaluateFromConstants(in, opsetVersion, maxElements, maxNodes, done);
        if (in != null && t == null) {
          return null;
        }
        inputs.add(t);
      }
      outputs = evaluate(EvalContext.of(p, inputs, opsetVersion, maxElements));
      done.put(p, outputs);
    }
    return outputs.get(v.outputIndex());
  }

  /** The operators with a kernel at some version. */
  public Set<OpId> operators() {
    return kernels.keySet();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects kernels; each kernel family registers itself through {@link #add}. */
  public static final class Builder {
    private final Map<OpId, TreeMap<Integer, Optional<OpKernel>>> kernels = new HashMap<>();

    /** Registers {@code kernel} for the ONNX operator {@code opType} from {@code sinceVersion} on. */
    public Builder add(String opType, int sinceVersion, OpKernel kernel) {
      return put(OpId.onnx(opType), sinceVersion, Optional.of(kernel));
    }

    /** Registers {@code kernel} for {@code op} (any domain) from version {@code sinceVersion} of its domain on. */
    public Builder add(OpId op, int sinceVersion, OpKernel kernel) {
      return put(op, sinceVersion, Optional.of(kernel));
    }

    /** Registers {@code kernel} for each listed ONNX operator from version 1 on. */
    public Builder addAll(OpKernel kernel, String... opTypes) {
      for (String op : opTypes) {
        add(op, 1, kernel);
      }
      return this;
    }

    /** States that {@code opType} has no kernel from {@code sinceVersion} on. */
    public Builder unsupported(String opType, int sinceVersion) {
      return put(OpId.onnx(opType), sinceVersion, Optional.empty());
    }

    private Builder put(OpId op, int sinceVersion, Optional<OpKernel> kernel) {
      Optional<OpKernel> previous = kernels.computeIfAbsent(op, k -> new TreeMap<>()).put(sinceVersion, kernel);
      if (previous != null) {
        throw new IllegalStateException("two kernels for " + op + " at version " + sinceVersion);
      }
      return this;
    }

    public Kernels build() {
      Map<OpId, TreeMap<Integer, Optional<OpKernel>>> copy = new HashMap<>();
      kernels.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
      return new Kernels(copy);
    }
  }
}
