/**
 * Checks models against the operator schemas: {@link dev.scalpel.opset.lint.ModelLinter} reports
 * {@link dev.scalpel.graph.Finding}s of the {@link dev.scalpel.opset.lint.LintRule}s. Never
 * changes a model.
 */
package dev.scalpel.opset.lint;
