package dev.scalpel.opset.lint;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Lints the nodes of one scope: a root graph (the main graph or a function body) and its
 * subgraphs, all under the root's opset imports. Resolves each node to its schema and hands it to
 * the per-node checks. Single use.
 */
final class ScopeLinter {
  private final SchemaRegistry registry;
  private final LocalFunctions functions;
  private final OpsetImports imports;
  private final List<Finding> findings;
  private final Set<String> reportedDomains = new HashSet<>();
  /** Custom operators without schema already reported (once per operator and scope). */
  private final Set<OpId> reportedCustomOps = new HashSet<>();

  ScopeLinter(SchemaRegistry registry, LocalFunctions functions, OpsetImports imports, List<Finding> findings) {
    this.registry = registry;
    this.functions = functions;
    this.imports = imports;
    this.findings = findings;
  }

  void lint(Graph root, String location) {
    walk(root, location);
  }

  private void walk(Graph g, String location) {
    for (Node n : g) {
      lintNode(n, location);
      for (Attribute a : n.attributes().values()) {
        for (Graph sub : a.subgraphs()) {
          walk(sub, location + " > " + n.describe() + "." + a.name());
        }
      }
    }
  }

  private void lintNode(Node n, String location) {
    NodeReport report = new NodeReport(location, n, findings);
    String domain = OpsetImportCheck.domainName(n.domain());
    OptionalLong version = imports.version(n.domain());
    if (version.isEmpty()) {
      if (reportedDomains.add(domain)) {
        report.add(LintRule.UNDECLARED_DOMAIN, "domain " + domain + " is not imported; its nodes are not checked");
      }
      return;
    }
    if (functions.defines(n)) {
      return;
    }
    OpId id = OpId.of(n);
    if (!registry.knows(id)) {
      if (registry.knowsDomain(n.domain())) {
        report.add(LintRule.UNKNOWN_OP, "no version of " + domain + " defines " + n.opType());
      } else if (reportedCustomOps.add(id)) {
        report.add(LintRule.UNKNOWN_CUSTOM_OP, id + " has no schema and no model-local function; its nodes are not checked");
      }
      return;
    }
    Optional<OpSchema> found = registry.lookup(id, version.getAsLong());
    if (found.isEmpty()) {
      int first = registry.versions(id).get(0).sinceVersion();
      report.add(LintRule.OP_NOT_YET_DEFINED, n.opType() + " first appears in " + domain + " opset " + first
          + "; the model imports opset " + version.getAsLong());
      return;
    }
    OpSchema schema = found.get();
    if (schema.deprecated()) {
      report.add(LintRule.DEPRECATED_OP, n.opType() + " is deprecated as of " + domain + " opset "
          + schema.sinceVersion() + " (imported: " + version.getAsLong() + ")");
    }
    ArityCheck.check(schema, n, report);
    AttributeCheck.check(schema, n, report);
    TypeCheck.check(schema, n, report);
  }
}
