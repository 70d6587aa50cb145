package dev.scalpel.opset.lint;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Node;
import java.util.List;

/** Where the findings about one node go, each tagged with the node's graph and description. */
final class NodeReport {
  private final String location;
  private final String node;
  private final List<Finding> findings;

  NodeReport(String location, Node node, List<Finding> findings) {
    this.location = location;
    this.node = node.describe();
    this.findings = findings;
  }

  void add(LintRule rule, String message) {
    findings.add(rule.at(location, node, "", message));
  }
}
