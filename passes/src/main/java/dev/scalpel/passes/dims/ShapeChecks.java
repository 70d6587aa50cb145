package dev.scalpel.passes.dims;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.Analyses;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.infer.InferenceCheck;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.opset.infer.DimRequirement;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a model cannot accept after its dims changed: conflicts and errors that shape inference
 * found and did not find before the change, and Reshapes whose constant target cannot hold their
 * input (which inference itself does not check).
 */
final class ShapeChecks {
  private ShapeChecks() {}

  /**
   * What {@link #check} finds in a model as it is, before a change: its findings are the model's
   * own, not the change's, and are not reported again. Reads the inference {@code analyses} holds
   * for the model as it is; without one, infers a copy, so {@code model} is untouched.
   */
  static Set<String> baseline(Model model, Analyses analyses) {
    Optional<ShapeInference.Result> current = analyses.currentShapes(model);
    Model inferred = current.isPresent() ? model : model.deepCopy();
    ShapeInference.Result result = current.orElseGet(() -> new Analyses().shapes(inferred));
    return check(inferred, result, Set.of()).stream().map(Finding::toString)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /**
   * The findings of a model just inferred.
   *
   * @param before {@link #baseline} of the model before the change, not reported again
   */
  static List<Finding> check(Model model, ShapeInference.Result result, Set<String> before) {
    List<Finding> out = new ArrayList<>();
    for (Finding d : result.diagnostics()) {
      if (InferenceCheck.FAILED.matches(d) || InferenceCheck.CONFLICT.matches(d)) {
        out.add(ShapeCheck.CONTRADICTION.at(d.node(),
            (d.value().isEmpty() ? "" : d.value() + ": ") + d.message()));
      }
    }
    for (Graph g : model.graph().allGraphs()) {
      for (Node n : g) {
        if (n.isDefaultDomain() && n.opType().equals("Reshape") && n.inputs().size() >= 2) {
          reshapeCount(model, n).ifPresent(out::add);
        }
        if (n.isDefaultDomain() && (n.opType().equals("Gemm") || n.opType().equals("MatMul")) && n.inputs().size() >= 2) {
          innerDims(n).ifPresent(out::add);
        }
      }
    }
    // NOTE: last, and only for nodes no check above has spoken about (a Gemm's inner dims are
    // both a check here and a requirement of inference: say it once).
    Set<String> spoken = out.stream().map(Finding::node).collect(Collectors.toSet());
    Set<String> said = new java.util.HashSet<>();
    for (DimRequirement r : result.requirements()) {
      conditionOf(r).filter(f -> !spoken.contains(f.node()) && said.add(f.message())).ifPresent(out::add);
    }
    out.removeIf(f -> before.contains(f.toString()));
    return out;
  }

  /**
   * The condition an operator puts on symbolic dims (equal extents, broadcastable operands), unless
   * it holds for every size (all dims the same expression, or 1). NOTE: a ViT made H×W-dynamic meets one in the Add of
   * its position embedding ((H/16)·(W/16) must be the embedding's token count): without this, the
   * change passes silently and fails only at run time.
   */
  private static Optional<Finding> conditionOf(DimRequirement r) {
    if (r.symbols().isEmpty()) {
      return Optional.empty(); // NOTE: all constant: inference reports a failure, handled above
    }
    java.util.Set<SymExpr> distinct = new java.util.LinkedHashSet<>(r.dims());
    String when;
    switch (r.kind()) {
      case EQUAL:
        if (distinct.size() < 2) {
          return Optional.empty();
        }
        when = distinct.stream().map(SymExpr::toString).collect(Collectors.joining(" = "));
        break;
      case BROADCASTABLE:
        distinct.remove(SymExpr.of(1));
        if (distinct.size() < 2) {
          return Optional.empty();
        }
        when = distinct.stream().map(SymExpr::toString).collect(Collectors.joining(", ")) + " are equal (or 1)";
        break;
      default:
        // NOTE: minimum extents ("floor((H-3)/2)+1 >= 1" at every Conv and pool) hold at any
        // sensible image size and would bury the conditions that matter; the checker's dim
        // planner still uses them to pick sizes that run.
        return Optional.empty();
    }
    return Optional.of(ShapeCheck.CONDITIONAL.at(r.node(), "runs only when " + when));
  }

  /**
   * Whether the inner dims of a Gemm or MatMul agree, where both are static. NOTE: checked here
   * because the inference rules take the output shape from the outer dims and leave K alone; a
   * flatten with a hard-coded batch shows up here first when the batch changes.
   */
  private static Optional<Finding> innerDims(Node n) {
    Optional<Shape> a = n.input(0) == null ? Optional.empty() : n.input(0).shape();
    Optional<Shape> b = n.input(1) == null ? Optional.empty() : n.input(1).shape();
    if (a.isEmpty() || b.isEmpty() || a.get().rank() < 1 || b.get().rank() < 1) {
      return Optional.empty();
    }
    int ka;
    int kb;
    if (n.opType().equals("Gemm")) {
      if (a.get().rank() != 2 || b.get().rank() != 2) {
        return Optional.empty();
      }
      ka = n.intAttribute("transA", 0) == 1 ? 0 : 1;
      kb = n.intAttribute("transB", 0) == 1 ? 1 : 0;
    } else {
      ka = a.get().rank() - 1;
      kb = b.get().rank() == 1 ? 0 : b.get().rank() - 2;
    }
    Optional<SymExpr> x = SymExpr.of(a.get().dim(ka));
    Optional<SymExpr> y = SymExpr.of(b.get().dim(kb));
    if (x.isEmpty() || y.isEmpty() || x.get().equals(y.get())) {
      return Optional.empty();
    }
    boolean fixed = x.get().isConstant() && y.get().isConstant();
    return Optional.of((fixed ? ShapeCheck.CONTRADICTION : ShapeCheck.CONDITIONAL).at(
        n.describe(), "inner dims of " + a.get() + " and " + b.get() + (fixed ? " differ: " + x.get() + " vs " + y.get()
            : ": runs only when " + x.get() + " = " + y.get())));
  }

  /**
   * Whether a Reshape's constant target can hold its input's element count; a contradiction when
   * either count overflows a long (dims such as [2^62, 4, 3]: no tensor has that many elements).
   */
  private static Optional<Finding> reshapeCount(Model model, Node n) {
    try {
      return reshapeCountExact(model, n);
    } catch (ArithmeticException overflow) {
      return Optional.of(ShapeCheck.CONTRADICTION.at(n.describe(), "Reshape of input "
          + n.input(0).shape().map(Object::toString).orElse("?") + ": an element count overflows 64 bits"));
    }
  }

  /** {@link #reshapeCount} in exact arithmetic: throws ArithmeticException on overflow. */
  private static Optional<Finding> reshapeCountExact(Model model, Node n) {
    long opset = model.opsetImports().version("").orElse(1);
    Optional<long[]> target = ShapeConstants.vector(n.input(1), opset);
    Optional<Shape> in = n.input(0) == null ? Optional.empty() : n.input(0).shape();
    if (target.isEmpty() || in.isEmpty()) {
      return Optional.empty();
    }
    SymShape input = SymShape.of(in.get());
    SymExpr total = input.elementCount();
    if (total == null) {
      return Optional.empty();
    }
    boolean allowZero = opset >= 14 && n.intAttribute("allowzero", 0) == 1;
    long[] t = target.get();
    SymExpr known = SymExpr.of(1);
    boolean inferred = false;
    for (int k = 0; k < t.length; k++) {
      if (t[k] == -1) {
        inferred = true;
      } else if (t[k] == 0 && !allowZero) {
        SymExpr d = k < input.rank() ? input.dim(k) : null;
        if (d == null) {
          return Optional.empty();
        }
        known = known.times(d);
      } else {
        known = known.times(SymExpr.of(t[k]));
      }
    }
    String what = "Reshape target " + Arrays.toString(t) + " of input " + in.get();
    if (!inferred) {
      if (known.equals(total)) {
        return Optional.empty();
      }
      if (known.isConstant() && total.isConstant()) {
        return Optional.of(ShapeCheck.CONTRADICTION.at(n.describe(),
            what + ": the target holds " + known + " elements, the input " + total));
      }
      return Optional.of(ShapeCheck.CONDITIONAL.at(n.describe(),
          what + ": runs only when " + total + " = " + known));
    }
    if (known.isConstant() && known.constantValue() == 0) {
      return Optional.empty();
    }
    if (known.isConstant() && total.isConstant()) {
      return total.constantValue() % known.constantValue() == 0 ? Optional.empty()
          : Optional.of(ShapeCheck.CONTRADICTION.at(n.describe(),
              what + ": " + total + " elements do not divide into rows of " + known));
    }
    return total.divideExactly(known).isPresent() ? Optional.empty()
        : Optional.of(ShapeCheck.CONDITIONAL.at(n.describe(),
            what + ": runs only when " + known + " divides " + total));
  }
}
