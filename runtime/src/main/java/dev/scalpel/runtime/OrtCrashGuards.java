package dev.scalpel.runtime;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.FunctionCalls;
import dev.scalpel.passes.Analyses;
import java.util.List;
import java.util.Optional;

/**
 * The models ONNX Runtime 1.26 is known to kill the process on while it creates a session
 * (SIGSEGV, the whole JVM), which are therefore never handed to it: {@link OrtRunner#open} asks
 * here first, for every model, the user's own included.
 *
 * <ul>
 *   <li>Functions that call themselves, directly or through others: ONNX Runtime overflows its
 *       native stack inlining them.
 *   <li>MaxUnpool whose attributes or input shapes break the spec's rules: kernel_shape empty,
 *       pads or strides not of its length, X not of rank 2 + len(kernel_shape), or indices I of
 *       another rank or static shape than X (found by FoldFuzzTest on the device machine: an empty
 *       kernel_shape over float16[1,2], and a rank-1 I beside a rank-4 X).
 * </ul>
 *
 * <p>Invariant: a model refused here violates the ONNX spec (so refusing it loses no valid model);
 * shapes the model does not declare are inferred on a copy first, and only when it has a MaxUnpool.
 */
public final class OrtCrashGuards {
  private OrtCrashGuards() {}

  /** Why {@code model} must not be handed to ONNX Runtime, or empty. */
  public static Optional<String> refusal(Model model) {
    List<List<Function>> recursion = FunctionCalls.cycles(model);
    if (!recursion.isEmpty()) {
      return Optional.of(FunctionCalls.describe(recursion.get(0)));
    }
    if (!hasMaxUnpool(model)) {
      return Optional.empty();
    }
    // NOTE: on a copy: ONNX Runtime infers shapes itself while it loads, so what it sees is what
    // inference gives; the caller's model keeps its own annotations.
    Model copy = model.deepCopy();
    try {
      new Analyses().shapes(copy);
    } catch (RuntimeException e) {
      // NOTE: what inference cannot settle is checked on the declared shapes alone.
      copy = model;
    }
    for (Graph g : copy.graph().allGraphs()) {
      for (Node n : g.nodes()) {
        if (n.opType().equals("MaxUnpool") && n.isDefaultDomain()) {
          Optional<String> why = maxUnpool(n);
          if (why.isPresent()) {
            return Optional.of("MaxUnpool '" + n.name() + "' " + why.get()
                + ": the spec does not allow it, and ONNX Runtime crashes (SIGSEGV) creating a session for it");
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a MaxUnpool is anywhere: the main graph, its subgraphs, or a function body (whose call's shapes are not known here). */
  private static boolean hasMaxUnpool(Model model) {
    List<Graph> roots = new java.util.ArrayList<>(List.of(model.graph()));
    model.functions().forEach(f -> roots.add(f.body()));
    return roots.stream().flatMap(r -> r.allGraphs().stream()).flatMap(g -> g.nodes().stream())
        .anyMatch(n -> n.opType().equals("MaxUnpool"));
  }

  private static Optional<String> maxUnpool(Node n) {
    int k = ints(n, "kernel_shape").map(List::size).orElse(0);
    if (k == 0) {
      return Optional.of("has no kernel_shape");
    }
    Optional<List<Long>> pads = ints(n, "pads");
    if (pads.isPresent() && pads.get().size() != 2 * k) {
      return Optional.of("has " + pads.get().size() + " pads for a kernel_shape of " + k + " dims");
    }
    Optional<List<Long>> strides = ints(n, "strides");
    if (strides.isPresent() && strides.get().size() != k) {
      return Optional.of("has " + strides.get().size() + " strides for a kernel_shape of " + k + " dims");
    }
    Optional<Shape> x = shape(n, 0);
    Optional<Shape> i = shape(n, 1);
    if (x.isPresent() && x.get().rank() != k + 2) {
      return Optional.of("reads X of rank " + x.get().rank() + " with a kernel_shape of " + k + " dims");
    }
    if (x.isPresent() && i.isPresent() && (i.get().rank() != x.get().rank() || staticDiffer(x.get(), i.get()))) {
      return Optional.of("reads indices of shape " + i.get() + " for X of shape " + x.get());
    }
    return Optional.empty();
  }

  /** An ints attribute's values; empty when absent or of another kind (admission reports that). */
  private static Optional<List<Long>> ints(Node n, String name) {
    return n.attribute(name).filter(a -> a.type() == Attribute.Type.INTS).map(Attribute::asLongs);
  }

  private static Optional<Shape> shape(Node n, int input) {
    if (n.inputs().size() <= input || n.input(input) == null) {
      return Optional.empty();
    }
    Value v = n.input(input);
    return v.initializer().<Optional<Shape>>map(t -> Optional.of(t.shape())).orElseGet(v::shape);
  }

  private static boolean staticDiffer(Shape a, Shape b) {
    for (int d = 0; d < a.rank(); d++) {
      if (a.dim(d) instanceof Dim.Static p && b.dim(d) instanceof Dim.Static q && p.value() != q.value()) {
        return true;
      }
    }
    return false;
  }
}
