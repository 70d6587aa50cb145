package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Constants;
import java.util.List;

/** TopK (reference A.4): {@code sorted} must be 1 and K below 3840. */
final class TopKRule implements TrtRule {
  static final long MAX_K = 3840;

  @Override
  public String id() {
    return "trt-topk";
  }

  @Override
  public String description() {
    return "TopK sorted and K < 3840";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    long opset = NodeInputs.opset(model);
    for (Node node : model.graph().allNodes()) {
      if (!NodeInputs.is(node, "TopK")) {
        continue;
      }
      if (node.intAttribute("sorted", 1) != 1) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", "TopK with sorted=0; the parser needs sorted=1",
            "set sorted=1 (sorted output is a valid unsorted result)"));
      }
      long k = opset < 10 ? node.intAttribute("k", 0)
          : Constants.stored(NodeInputs.at(node, 1)).map(t -> t.toLongArray()).filter(a -> a.length == 1).map(a -> a[0]).orElse(0L);
      if (k >= MAX_K) {
        out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", "TopK with K=" + k + "; the parser needs K < "
            + MAX_K, "split the selection, or use a plugin"));
      }
    }
  }
}
