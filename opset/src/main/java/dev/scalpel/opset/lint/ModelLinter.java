package dev.scalpel.opset.lint;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Model;
import dev.scalpel.opset.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Checks a model against the operator schemas of a {@link SchemaRegistry}: opset imports and IR
 * version, then every node of the main graph, its subgraphs (under the enclosing opset imports)
 * and the model-local functions (under their own imports). See {@link LintRule} for the rules.
 *
 * <p>Stateless and thread-safe; never changes the model. Findings come in a stable order: model
 * rules first, then nodes in graph order, each node's subgraphs right after it, functions last.
 */
public final class ModelLinter {
  private final SchemaRegistry registry;

  public ModelLinter(SchemaRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** A linter over the schemas Scalpel ships. */
  public static ModelLinter standard() {
    return new ModelLinter(SchemaRegistry.standard());
  }

  /** Every rule {@code model} breaks; empty for a clean model. */
  public List<Finding> lint(Model model) {
    List<Finding> findings = new ArrayList<>();
    OpsetImportCheck.check(model, registry, findings);
    LocalFunctions functions = new LocalFunctions(model.functions());
    new ScopeLinter(registry, functions, model.opsetImports(), findings)
        .lint(model.graph(), "graph '" + model.graph().name() + "'");
    for (Function f : model.functions()) {
      new ScopeLinter(registry, functions, f.opsetImports(), findings)
          .lint(f.body(), "function " + f.qualifiedName());
    }
    return Collections.unmodifiableList(findings);
  }
}
