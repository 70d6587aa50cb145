/**
 * How the commands' results reach people and machines: text for the terminal, JSON ({@code --json},
 * written through {@link dev.scalpel.cli.report.JsonWriter}) and JUnit XML ({@code --junit}, written
 * atomically). Renderers read the result objects that the commands in {@code dev.scalpel.cli} build;
 * they run no check and write no file but the report itself. The JSON field names are stable and
 * listed in cli/README.md; the model an object is about is always under {@code model} ({@code original}
 * and {@code rewritten} where {@code validate} compares two).
 */
package dev.scalpel.cli.report;
