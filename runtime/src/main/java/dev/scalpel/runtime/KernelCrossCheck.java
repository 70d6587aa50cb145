package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.opset.eval.OpKernel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what ONNX Runtime computed for a fold region against Scalpel's Java kernels: every
 * default-domain node of the region that has a kernel is evaluated on the inputs ONNX Runtime saw
 * and must give ONNX Runtime's outputs (integers, bools exactly; floats within {@link #FLOAT},
 * which tells a different reading of an operator from a different summation order).
 *
 * <p>NOTE: such nodes are in a region because they read what a kernel-less node computed (the Mul
 * after an Elu); the kernel-less nodes themselves cannot be checked this way, hence {@link
 * OrtKnownDeviations}.
 */
final class KernelCrossCheck {
  private KernelCrossCheck() {}

  /** How far a float may be from the kernel's: differences of rounding pass, another formula does not. */
  static final Tolerance FLOAT = new Tolerance(1e-4, 1e-3);

  /** The region values the check reads: the inputs and outputs of the nodes with a kernel. */
  static Set<Value> needed(Kernels kernels, long opset, List<Node> region) {
    Set<Value> out = new LinkedHashSet<>();
    for (Node n : region) {
      if (kernel(kernels, opset, n).isPresent()) {
        n.inputs().stream().filter(v -> v != null && v.producer() != null && region.contains(v.producer()))
            .forEach(out::add);
        n.outputs().stream().filter(v -> !v.name().isEmpty()).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * The first node whose kernel disagrees with ONNX Runtime, described, or empty.
   *
   * @param known the data of the region's constant inputs and of what ONNX Runtime computed
   */
  static Optional<String> mismatch(Kernels kernels, long opset, List<Node> region, Map<Value, Tensor> known) {
    for (Node n : region) {
      Optional<OpKernel> kernel = kernel(kernels, opset, n);
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
      if (!complete) {
        continue;
      }
      List<Tensor> mine;
      try {
        mine = kernel.get().evaluate(EvalContext.of(n, inputs, opset, EvalContext.UNLIMITED));
      } catch (RuntimeException refused) {
        // NOTE: a kernel that refuses (a type it lacks) says nothing about ONNX Runtime's result.
        continue;
      }
      for (int i = 0; i < n.outputs().size() && i < mine.size(); i++) {
        Tensor theirs = known.get(n.output(i));
        if (theirs == null || mine.get(i) == null) {
          continue;
        }
        Optional<String> diff = difference(mine.get(i), theirs);
        if (diff.isPresent()) {
          return Optional.of("ONNX Runtime's " + n.output(i).name() + " (" + n.describe()
              + ") differs from Scalpel's Java kernel: " + diff.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<OpKernel> kernel(Kernels kernels, long opset, Node n) {
    return n.isDefaultDomain() && n.subgraphs().isEmpty() ? kernels.lookup(OpId.of(n), opset) : Optional.empty();
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
