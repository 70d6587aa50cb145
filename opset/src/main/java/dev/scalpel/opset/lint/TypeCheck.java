package dev.scalpel.opset.lint;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.FormalParameter;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.TypeConstraint;
import dev.scalpel.opset.TypeExpr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The known types of a node's inputs and outputs against the schema: concrete formal types, type
 * constraints, and one type per type parameter across all inputs and outputs bound to it (except
 * the values of a heterogeneous variadic parameter, which may differ). Values whose type is not
 * fully known are skipped.
 */
final class TypeCheck {
  private static final int LISTED_TYPES = 6;

  /** What a type parameter was bound to first, and by which slot. */
  private record Binding(TypeExpr type, String slot) {}

  private final OpSchema schema;
  private final NodeReport report;
  private final Map<String, Binding> bindings = new HashMap<>();

  private TypeCheck(OpSchema schema, NodeReport report) {
    this.schema = schema;
    this.report = report;
  }

  static void check(OpSchema schema, Node n, NodeReport report) {
    TypeCheck check = new TypeCheck(schema, report);
    List<Value> inputs = n.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      Optional<FormalParameter> p = schema.inputAt(i);
      if (p.isPresent() && inputs.get(i) != null) {
        check.slot(p.get(), inputs.get(i), "input " + i);
      }
    }
    List<Value> outputs = n.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      Optional<FormalParameter> p = schema.outputAt(i);
      if (p.isPresent() && !outputs.get(i).name().isEmpty()) {
        check.slot(p.get(), outputs.get(i), "output " + i);
      }
    }
  }

  private void slot(FormalParameter p, Value v, String which) {
    Optional<TypeExpr> actual = v.type() == null ? Optional.empty() : TypeExpr.of(v.type());
    if (actual.isEmpty()) {
      return;
    }
    TypeExpr t = actual.get();
    String slot = which + " (" + p.name() + ") '" + v.name() + "'";
    Optional<TypeExpr> concrete = p.concreteType();
    if (concrete.isPresent()) {
      if (!concrete.get().equals(t)) {
        report.add(LintRule.TYPE_CONSTRAINT, slot + " is " + t + "; " + schema + " wants " + concrete.get());
      }
      return;
    }
    Optional<TypeConstraint> constraint = schema.typeConstraint(p.typeStr());
    if (constraint.isPresent() && !constraint.get().allows(t)) {
      report.add(LintRule.TYPE_CONSTRAINT, slot + " is " + t + "; " + p.typeStr() + " of " + schema
          + " allows " + listed(constraint.get()));
      return;
    }
    if (p.isVariadic() && !p.homogeneous()) {
      return;
    }
    Binding first = bindings.putIfAbsent(p.typeStr(), new Binding(t, slot));
    if (first != null && !first.type().equals(t)) {
      report.add(LintRule.TYPE_BINDING, slot + " is " + t + ", but " + first.slot() + " is " + first.type()
          + "; " + schema + " binds both to " + p.typeStr());
    }
  }

  private static String listed(TypeConstraint c) {
    List<String> all = c.allowed().stream().map(TypeExpr::toString).toList();
    if (all.size() <= LISTED_TYPES) {
      return String.join(", ", all);
    }
    return String.join(", ", all.subList(0, LISTED_TYPES)) + " ... (" + all.size() + " types)";
  }
}
