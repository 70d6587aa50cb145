package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import java.util.List;
import java.util.Set;

/**
 * Pooling limits (reference A.4): AveragePool, MaxPool and LpPool with {@code dilations} empty or
 * all 1; AveragePool and MaxPool 2-D or 3-D only; MaxPool's {@code Indices} output unsupported.
 */
final class PoolingRule implements TrtRule {
  private static final Set<String> POOLS = Set.of("AveragePool", "MaxPool", "LpPool");

  @Override
  public String id() {
    return "trt-pooling";
  }

  @Override
  public String description() {
    return "pooling: 2-D/3-D, no dilation, no MaxPool indices";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Node node : model.graph().allNodes()) {
      if (!node.isDefaultDomain() || !POOLS.contains(node.opType())) {
        continue;
      }
      List<Long> dilations = node.attribute("dilations").map(a -> a.asLongs()).orElse(List.of());
      if (dilations.stream().anyMatch(d -> d != 1)) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", node.opType() + " with dilations "
            + dilations + "; the parser accepts only dilations of 1", "rewrite without dilation"));
      }
      if (node.opType().equals("MaxPool") && NodeInputs.outputUsed(node, 1)) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), node.output(1).name(),
            "MaxPool's Indices output is used; the parser does not produce it", "compute the indices another way, or use a plugin"));
      }
      int rank = node.input(0).shape().map(s -> s.rank()).orElse(-1);
      if (!node.opType().equals("LpPool") && rank >= 0 && rank != 4 && rank != 5) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), node.input(0).name(), node.opType()
            + " over a rank-" + rank + " input; the parser pools in 2-D or 3-D only (rank 4 or 5)",
            "reshape to rank 4 (e.g. add a dim of 1) around the pooling"));
      }
    }
  }
}
