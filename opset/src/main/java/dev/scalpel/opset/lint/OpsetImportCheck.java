package dev.scalpel.opset.lint;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.opset.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The model-wide rules: the default opset is imported, the IR version fits it, opsets are known. */
final class OpsetImportCheck {
  static final String LOCATION = "model";

  private OpsetImportCheck() {}

  static void check(Model model, SchemaRegistry registry, List<Finding> findings) {
    OpsetImports imports = model.opsetImports();
    OptionalLong onnx = imports.defaultVersion();
    if (onnx.isEmpty()) {
      // NOTE: a model of only custom or ai.onnx.ml operators may leave the default domain out; if
      // it uses a default-domain node, that node's undeclared-domain error says so.
      if (!usesDefaultDomain(model)) {
        findings.add(LintRule.DEFAULT_OPSET_MISSING.at(LOCATION, "", "",
            "no version of the default ONNX domain is imported"));
      }
    } else {
      int needed = IrVersionTable.minimalIrVersion(onnx.getAsLong());
      if (model.irVersion() < needed) {
        findings.add(LintRule.IR_VERSION_TOO_OLD.at(LOCATION, "", "",
            "IR version " + model.irVersion() + " is too old for ai.onnx opset " + onnx.getAsLong()
                + ", which needs IR version " + needed + " or newer"));
      }
    }
    for (Map.Entry<String, Long> e : imports.asMap().entrySet()) {
      OptionalLong newest = registry.newestOpset(e.getKey());
      if (newest.isPresent() && e.getValue() > newest.getAsLong()) {
        findings.add(LintRule.OPSET_NEWER_THAN_SCHEMAS.at(LOCATION, "", "",
            "opset " + e.getValue() + " of " + domainName(e.getKey()) + " is newer than the schemas of onnx "
                + registry.onnxVersion() + " (up to " + newest.getAsLong() + "); nodes are checked against those"));
      }
    }
  }

  private static boolean usesDefaultDomain(Model model) {
    for (Node n : model.graph().allNodes()) {
      if (n.isDefaultDomain()) {
        return true;
      }
    }
    return false;
  }

  static String domainName(String domain) {
    return OpsetImports.isDefault(domain) ? "ai.onnx" : domain;
  }
}
