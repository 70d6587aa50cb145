package dev.scalpel.passes.dims;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Concat of a tensor that carries the symbol at axis k (not the concatenation axis) with a
 * constant-only tensor of size 1 there (the old size being 1), such as a class token concatenated
 * before the tokens: the constant operand is broadcast to the symbol's size first, with an Expand
 * to {@code [1,..,dim k of the other operand,..,1]}.
 *
 * <p>Proof: Concat requires its operands to agree off the concatenation axis, so the operand's
 * size at k must be the symbol; it is computed from constants only ({@link InputIndependence}), so
 * every sample alone sees the same data, which is what the broadcast gives each sample. At the old
 * size the Expand is the identity.
 */
final class ConcatBroadcastRewrite implements ConstantRewrite {
  @Override
  public Optional<String> apply(Node node, SymbolOrigin origin, long opset) {
    if (!node.isDefaultDomain() || !node.opType().equals("Concat") || opset < 8 || !origin.isOriginal(1)
        || SymbolicDims.carries(node.output(0), origin.symbol())) {
      return Optional.empty();
    }
    for (int i = 0; i < node.inputs().size(); i++) {
      Value carrier = node.input(i);
      int k = SymbolicDims.soleAxis(carrier, origin.symbol());
      if (k == SymbolicDims.NONE) {
        continue;
      }
      int rank = carrier.shape().get().rank();
      long axis = node.intAttribute("axis", 1);
      if ((axis < 0 ? axis + rank : axis) == k) {
        continue;
      }
      for (int j = 0; j < node.inputs().size(); j++) {
        Value operand = node.input(j);
        if (j != i && operand != null && operand.shape().map(s -> s.rank() == rank).orElse(false)
            && SymbolicDims.staticSize(operand, k) == 1 && InputIndependence.isConstantOnly(operand)) {
          Value expanded = broadcast(node, operand, carrier, k, rank);
          node.replaceInput(j, expanded);
          return Optional.of(node.describe() + ": input " + j + " '" + operand.name() + "' " + operand.shape().get()
              + " expanded to dim " + k + " of input " + i + " '" + carrier.name() + "' (" + origin.symbol()
              + "; Concat needs them equal, and the operand is computed from constants only)");
        }
      }
    }
    return Optional.empty();
  }

  /** Emits Shape → Gather → Concat → Expand before {@code anchor}; returns the expanded value. */
  private static Value broadcast(Node anchor, Value operand, Value carrier, int k, int rank) {
    Graph g = anchor.graph();
    Value shape = emit(anchor, "Shape", List.of(carrier), "batch_shape");
    Value index = g.addInitializer("batch_axis", DenseTensor.vector("", k));
    Value size = emit(anchor, "Gather", List.of(shape, index), "batch_size", Attribute.of("axis", 0L));
    List<Value> parts = new ArrayList<>();
    if (k > 0) {
      parts.add(g.addInitializer("ones", DenseTensor.vector("", ones(k))));
    }
    parts.add(size);
    if (rank - k - 1 > 0) {
      parts.add(g.addInitializer("ones", DenseTensor.vector("", ones(rank - k - 1))));
    }
    Value target = parts.size() == 1 ? size : emit(anchor, "Concat", parts, "broadcast_shape", Attribute.of("axis", 0L));
    return emit(anchor, "Expand", List.of(operand, target), operand.name() + "_broadcast");
  }

  private static long[] ones(int n) {
    long[] a = new long[n];
    Arrays.fill(a, 1);
    return a;
  }

  private static Value emit(Node anchor, String op, List<Value> inputs, String hint, Attribute... attributes) {
    Graph g = anchor.graph();
    Node n = new Node(null, op, inputs, List.of(g.freshValueName(hint)), List.of(attributes));
    n.setName(g.freshNodeName(op + "_dynamic"));
    g.insertBefore(anchor, n);
    return n.output(0);
  }
}
