package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.EvaluationException;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.opset.eval.OpKernel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks what ONNX Runtime computed for a fold region against Scalpel's Java kernels: every node
 * of the region that has a kernel (at the version its domain is imported at, as folding looks it
 * up) is evaluated on the inputs ONNX Runtime saw.
 * Its kernel either computes it, and must give ONNX Runtime's outputs (integers, bools exactly;
 * floats within {@link #FLOAT}, which tells a different reading of an operator from a different
 * summation order); or refuses it as unsupported ({@link EvaluationException#unsupported()}: a
 * case it does not implement, which another evaluator may compute), and ONNX Runtime's value
 * stands; or refuses it otherwise (a result the spec leaves undefined, invalid inputs, a failure
 * of the kernel), and then ONNX Runtime's value of that node, and of every node of the region that
 * reads it, is discarded ({@link Verdict#refused()}).
 *
 * <p>Invariant: a node with a Java kernel gets a value from ONNX Runtime only where its kernel,
 * given the same inputs, computes the same value or says it does not implement the case; never
 * where the kernel says the spec gives no single value (TopK sorted=0, GridSample cubic with
 * border padding, RoiAlign max, a score equal to NonMaxSuppression's threshold...).
 *
 * <p>NOTE: such nodes are in a region because they read what a kernel-less node computed (the Mul
 * after an Elu); the kernel-less nodes themselves cannot be checked this way, hence {@link
 * OrtKnownDeviations}.
 *
 * <p>NOTE: the check runs after ONNX Runtime, rather than keeping nodes with a Java kernel out of
 * regions so that a later folding round evaluates them in Java once their inputs are constants:
 * that would cost a round (a sweep and an ONNX Runtime session) per alternation of kernel-less and
 * kernel nodes in a chain, and change the values of folds nothing undefined is involved in, which
 * here stay ONNX Runtime's, checked.
 */
final class KernelCrossCheck {
  private KernelCrossCheck() {}

  /** How far a float may be from the kernel's: differences of rounding pass, another formula does not. */
  static final Tolerance FLOAT = new Tolerance(1e-4, 1e-3);

  /** The region values the check reads: the inputs and outputs of the nodes with a kernel. */
  static Set<Value> needed(Kernels kernels, OpsetImports imports, List<Node> region) {
    Set<Value> out = new LinkedHashSet<>();
    for (Node n : region) {
      if (kernel(kernels, imports, n).isPresent()) {
        n.inputs().stream().filter(v -> v != null && v.producer() != null && region.contains(v.producer()))
            .forEach(out::add);
        n.outputs().stream().filter(v -> !v.name().isEmpty()).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * What the check found.
   *
   * @param mismatch the first node whose kernel computes something else than ONNX Runtime,
   *     described; present, it folds nothing of the region
   * @param refused each node whose kernel refuses ONNX Runtime's inputs other than as unsupported,
   *     with why, in region order: ONNX Runtime's values of these and of the nodes that read them
   *     are not to be used
   */
  record Verdict(Optional<String> mismatch, Map<Node, String> refused) {}

  /**
   * Checks each node of {@code region} with a kernel, in region order; a node that reads, directly
   * or not, what a refused node computes is not checked (its value is discarded anyway).
   *
   * @param known the data of the region's constant inputs and of what ONNX Runtime computed
   */
  static Verdict check(Kernels kernels, OpsetImports imports, List<Node> region, Map<Value, Tensor> known) {
    Map<Node, String> refused = new LinkedHashMap<>();
    Set<Value> discarded = new HashSet<>();
    for (Node n : region) {
      if (n.inputs().stream().anyMatch(discarded::contains)) {
        discarded.addAll(n.outputs());
        continue;
      }
      Optional<OpKernel> kernel = kernel(kernels, imports, n);
      if (kernel.isEmpty()) {
        continue;
      }
      List<Tensor> inputs = new ArrayList<>();
      boolean complete = true;
      for (Value in : n.inputs()) {
        Tensor t = in == null ? null : known.get(in);
        complete &= in == null || t != null;
        inputs.add(t);
      }
      Optional<String> refusal = complete ? Optional.empty()
          : Optional.of("ONNX Runtime did not return all its inputs, so its Java kernel could not check it");
      List<Tensor> mine = null;
      if (complete) {
        try {
          long opset = opset(imports, n).orElseThrow();
          mine = kernel.get().evaluate(EvalContext.of(n, inputs, opset, EvalContext.UNLIMITED));
        } catch (EvaluationException e) {
          // NOTE: only a case the kernel does not implement leaves ONNX Runtime's value standing.
          refusal = e.unsupported() ? Optional.empty()
              : Optional.of("its Java kernel refuses the inputs ONNX Runtime computed for it: " + e.reason());
        } catch (RuntimeException e) {
          refusal = Optional.of("its Java kernel fails on the inputs ONNX Runtime computed for it: " + e);
        }
      }
      if (refusal.isPresent()) {
        refused.put(n, refusal.get());
        discarded.addAll(n.outputs());
        continue;
      }
      for (int i = 0; mine != null && i < n.outputs().size() && i < mine.size(); i++) {
        Tensor theirs = known.get(n.output(i));
        if (theirs == null || mine.get(i) == null) {
          continue;
        }
        Optional<String> diff = difference(mine.get(i), theirs);
        if (diff.isPresent()) {
          return new Verdict(Optional.of("ONNX Runtime's " + n.output(i).name() + " (" + n.describe()
              + ") differs from Scalpel's Java kernel: " + diff.get()), refused);
        }
      }
    }
    return new Verdict(Optional.empty(), refused);
  }

  /** The kernel of {@code n} at the version its domain is imported at, as folding looks it up. */
  private static Optional<OpKernel> kernel(Kernels kernels, OpsetImports imports, Node n) {
    OptionalLong opset = opset(imports, n);
    return n.subgraphs().isEmpty() && opset.isPresent() ? kernels.lookup(OpId.of(n), opset.getAsLong())
        : Optional.empty();
  }

  private static OptionalLong opset(OpsetImports imports, Node n) {
    return n.isDefaultDomain() ? imports.defaultVersion() : imports.version(n.domain());
  }

  private static Optional<String> difference(Tensor mine, Tensor theirs) {
    DataType type = mine.dataType();
    Tolerance tolerance = type == DataType.FLOAT || type == DataType.DOUBLE ? FLOAT : Tolerance.defaultFor(type);
    try {
      TensorDiff diff = TensorComparator.compare(mine, theirs, tolerance);
      return diff.passed() ? Optional.empty() : Optional.of(diff.summary());
    } catch (UnsupportedOperationException | IllegalArgumentException uncomparable) {
      // NOTE: element types the comparator does not read (strings, 4-bit) are not checked.
      return Optional.empty();
    }
  }
}
