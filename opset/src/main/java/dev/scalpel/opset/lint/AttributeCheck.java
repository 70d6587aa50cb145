package dev.scalpel.opset.lint;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.opset.AttributeSpec;
import dev.scalpel.opset.OpSchema;
import java.util.Optional;

/** Attribute names, types, and required attributes against the schema. */
final class AttributeCheck {
  private AttributeCheck() {}

  static void check(OpSchema schema, Node n, NodeReport report) {
    for (Attribute a : n.attributes().values()) {
      Optional<AttributeSpec> spec = schema.attribute(a.name());
      if (spec.isEmpty()) {
        report.add(LintRule.UNKNOWN_ATTRIBUTE, "sets attribute '" + a.name() + "', which " + schema
            + " does not have" + known(schema));
      } else if (a.type() != spec.get().type()) {
        report.add(LintRule.ATTRIBUTE_TYPE, "attribute '" + a.name() + "' is " + a.type() + "; " + schema
            + " declares it " + spec.get().type());
      }
    }
    for (AttributeSpec spec : schema.attributes().values()) {
      if (spec.required() && !n.attributes().containsKey(spec.name())) {
        report.add(LintRule.MISSING_ATTRIBUTE, "lacks attribute '" + spec.name() + "' (" + spec.type()
            + "), which " + schema + " requires");
      }
    }
  }

  private static String known(OpSchema schema) {
    return schema.attributes().isEmpty() ? " (it has none)" : " (it has " + String.join(", ", schema.attributes().keySet()) + ")";
  }
}
