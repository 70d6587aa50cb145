package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.quant.QdqNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches a {@link Pattern} rooted at a node; one instance per attempt, never mutates the graph. */
final class PatternMatcher {
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> namedNodes = new LinkedHashMap<>();
  private final Map<String, Value> values = new LinkedHashMap<>();
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  private PatternMatcher() {}

  static Attempt match(Pattern.Op pattern, Node root) {
    PatternMatcher m = new PatternMatcher();
    String reason = m.matchNode(pattern, root);
    if (reason != null) {
      return Attempt.miss(reason);
    }
    return Attempt.hit(new Match(root, m.nodes, m.namedNodes, m.values, m.tensors, Map.of()));
  }

  private String matchNode(Pattern.Op p, Node node) {
    if (!OpId.of(node).equals(p.op())) {
      return describe(node) + " is not " + p.op();
    }
    if (nodes.contains(node)) {
      return describe(node) + " appears twice in the pattern";
    }
    nodes.add(node);
    if (p.name() != null) {
      namedNodes.put(p.name(), node);
    }
    int actual = node.inputs().size();
    if (actual > p.inputs().size() && !p.extraInputsAllowed()) {
      return describe(node) + " has " + actual + " inputs, the pattern " + p.inputs().size();
    }
    for (int i = 0; i < p.inputs().size(); i++) {
      Value in = i < actual ? node.input(i) : null;
      String reason = matchValue(p.inputs().get(i), in, node, i);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  private String matchValue(Pattern p, Value v, Node consumer, int index) {
    boolean absent = v == null || v.name().isEmpty();
    if (p instanceof Pattern.Constant c) {
      if (absent) {
        return c.optional() ? null : "input " + index + " of " + describe(consumer) + " is absent";
      }
      Optional<Tensor> t = Constants.of(v);
      if (t.isEmpty()) {
        return "input " + index + " ('" + v.name() + "') of " + describe(consumer) + " is not a constant" + quantizedBy(v);
      }
      return bindValue(c.name(), v, t.get());
    }
    if (absent) {
      return "input " + index + " of " + describe(consumer) + " is absent";
    }
    if (p instanceof Pattern.Var var) {
      return bindValue(var.name(), v, null);
    }
    Pattern.Op op = (Pattern.Op) p;
    Node producer = v.producer();
    if (producer == null) {
      return "input " + index + " ('" + v.name() + "') of " + describe(consumer) + " is not produced by " + op.op();
    }
    if (v.outputIndex() != 0) {
      return "'" + v.name() + "' is output " + v.outputIndex() + " of " + describe(producer) + ", not its first";
    }
    return matchNode(op, producer);
  }

  private String bindValue(String name, Value v, Tensor t) {
    Value bound = values.putIfAbsent(name, v);
    if (bound != null && bound != v) {
      return "'" + name + "' would bind both '" + bound.name() + "' and '" + v.name() + "'";
    }
    if (t != null) {
      tensors.put(name, t);
    }
    return null;
  }

  /**
   * Why a value a rule wants constant is dequantized instead. NOTE: folding keeps DequantizeLinear
   * (QdqNodes), so a rule over weights (BatchNormalization fusion, MatMul+Add to Gemm...) sees
   * quantized weights as computed: rewriting them would need requantizing, which would change what
   * TensorRT and ONNX Runtime run in INT8. The reason says so, for {@code --explain}.
   */
  private static String quantizedBy(Value v) {
    Node p = v.producer();
    return QdqNodes.isDequantize(p)
        ? ": it is dequantized by " + describe(p) + " (quantized weights stay quantized; --fold-qdq makes them float)"
        : "";
  }

  static String describe(Node node) {
    return node.opType() + " '" + node.name() + "'";
  }
}
