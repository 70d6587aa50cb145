package dev.scalpel.passes.dims;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Nodes that keep a symbolic dim in their output's shape but compute along it or reorder across
 * it: a softmax, a cumulative sum, a layer normalization over the batch axis, a batch
 * normalization in training mode, a Gather along it, a Reshape that puts other dims before it, so a model that runs at
 * every batch need not give each sample what it gives that sample alone. {@link DimLossFinder}
 * cannot see these (the dim is not lost), so {@link MakeDynamic} reports them here.
 */
final class AxisMixingFinder {
  /** Operators with an {@code axis} attribute that compute along that axis of input 0. */
  private static final Set<String> ALONG_AXIS = Set.of("Softmax", "LogSoftmax", "Hardmax", "LpNormalization");

  private AxisMixingFinder() {}

  static List<Finding> find(Model model, String symbol) {
    long opset = model.opsetImports().version("").orElse(1);
    List<Finding> out = new ArrayList<>();
    for (Node n : model.graph()) {
      if (!n.isDefaultDomain() || n.inputs().isEmpty()) {
        continue;
      }
      int batchAxis = SymbolicDims.soleAxis(n.input(0), symbol);
      if (batchAxis == SymbolicDims.NONE) {
        continue;
      }
      int rank = n.input(0).shape().get().rank();
      String op = n.opType();
      boolean mixes = false;
      if (ALONG_AXIS.contains(op)) {
        long dflt = op.equals("LpNormalization") || opset >= 13 ? -1 : 1;
        long axis = n.intAttribute("axis", dflt);
        axis = axis < 0 ? axis + rank : axis;
        // NOTE: before opset 13 the softmax family flattens the input to 2-D at axis and works on
        // whole rows, so any axis at or before the batch takes several samples into one row.
        boolean coerced = !op.equals("LpNormalization") && opset < 13;
        mixes = coerced ? axis <= batchAxis : axis == batchAxis;
      } else if (op.equals("LayerNormalization")) {
        // NOTE: normalizes over every axis from axis on.
        long axis = n.intAttribute("axis", -1);
        mixes = (axis < 0 ? axis + rank : axis) <= batchAxis;
      } else if (op.equals("BatchNormalization")) {
        // NOTE: in training mode the statistics come from the batch itself.
        mixes = n.intAttribute("training_mode", 0) == 1 || (opset < 7 && n.intAttribute("is_test", 0) == 0);
      } else if (op.equals("Gather") || op.equals("GatherElements")) {
        // NOTE: indices along the batch axis pick samples; which ones is data, not shape.
        long axis = n.intAttribute("axis", 0);
        mixes = (axis < 0 ? axis + rank : axis) == batchAxis;
      } else if (op.equals("Reshape") && SymbolicDims.carries(n.output(0), symbol)) {
        reshapeProblem(n, symbol, batchAxis).ifPresent(why -> out.add(ShapeCheck.UNPROVEN.at(n.describe(),
            n.input(0).shape().get() + " -> " + n.output(0).shape().get() + ": " + why)));
      } else if (op.equals("CumSum") && n.inputs().size() > 1) {
        // NOTE: the axis is a scalar tensor; one that cannot be read counts as the batch axis.
        long[] axis = ShapeConstants.tensor(n.input(1), opset)
            .filter(t -> t.elementCount() == 1 && (t.dataType() == DataType.INT64 || t.dataType() == DataType.INT32))
            .map(Tensor::toLongArray).orElse(null);
        mixes = axis == null || (axis[0] < 0 ? axis[0] + rank : axis[0]) == batchAxis;
      }
      if (mixes) {
        out.add(ShapeCheck.UNPROVEN.at(n.describe(),
            "computes along axis " + batchAxis + ", which is " + symbol + ": samples are mixed"));
      }
    }
    return out;
  }

  /**
   * Why a Reshape may not keep every sample a whole, contiguous slice, or empty when it does: it
   * does when the symbol is at the same axis in input and output, with the same dims before it,
   * and no other output dim depends on it (row-major order then keeps sample i's elements
   * together and in place, whatever happens after the axis).
   */
  private static Optional<String> reshapeProblem(Node n, String symbol, int inAxis) {
    Shape in = n.input(0).shape().get();
    Shape out = n.output(0).shape().get();
    boolean sameAxis = inAxis < out.rank() && out.dim(inAxis).equals(Dim.of(symbol));
    for (int k = 0; k < inAxis && sameAxis; k++) {
      sameAxis = in.dim(k).equals(out.dim(k));
    }
    if (!sameAxis) {
      return Optional.of("moves " + symbol + " (axis " + inAxis + ") behind other dims; samples may be interleaved");
    }
    if (SymbolicDims.soleAxis(n.output(0), symbol) == SymbolicDims.NONE) {
      return Optional.of("other output dims depend on " + symbol + " as far as inference can tell; samples may not stay whole");
    }
    return Optional.empty();
  }
}
