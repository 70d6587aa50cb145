package dev.scalpel.cli.report;

import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The {@code --json} object of a one-model edit command ({@code make-dynamic}, {@code
 * parameterize-resize}, {@code insert-resize}): the model, what the edit noted, ONNX Runtime's
 * verdict, what was written and the exit status ({@link EditOutcomeText#exitCode}).
 */
public final class EditOutcomeJson {
  private EditOutcomeJson() {}

  /**
   * Writes one object.
   *
   * @param details writes the command's own members (after {@code output})
   * @param against what the result was compared with, as the text output names it
   * @return the exit status
   */
  public static int write(Path model, Path target, CheckedEdit.Outcome<?> outcome, List<String> notes,
      Consumer<JsonWriter> details, String against, JsonWriter json) {
    json.beginObject().member("model", model.toString()).member("output", target.toString());
    details.accept(json);
    json.name("notes").beginArray();
    notes.forEach(json::value);
    json.endArray();
    json.name("check");
    if (outcome.check().isPresent()) {
      EquivalenceReport report = outcome.check().get();
      json.beginObject().member("against", against).member("equivalent", report.passed())
          .member("verdict", SimplifyText.verdictLine(report)).endObject();
    } else {
      json.nullValue();
    }
    int code = EditOutcomeText.exitCode(outcome);
    json.member("status", outcome.status().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .member("written", outcome.written().isPresent())
        .member("exitCode", code)
        .endObject();
    json.finish();
    return code;
  }
}
