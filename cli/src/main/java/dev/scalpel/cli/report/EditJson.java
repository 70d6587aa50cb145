package dev.scalpel.cli.report;

import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceReport;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code scalpel edit --json}: one object with the edit, what it did, the check (null when
 * {@code --no-validate}) and the file written (null when nothing was).
 */
public final class EditJson {
  private EditJson() {}

  public static void write(String edit, Path model, Path target, CheckedEdit.Outcome<List<String>> outcome,
      String against, JsonWriter json) {
    json.beginObject()
        .member("model", model.toString())
        .member("edit", edit)
        .member("status", outcome.status().name());
    json.name("notes").beginArray();
    outcome.result().forEach(json::value);
    json.endArray();
    json.name("check");
    if (outcome.check().isEmpty()) {
      json.nullValue();
    } else {
      EquivalenceReport r = outcome.check().get();
      json.beginObject().member("against", against).member("passed", r.passed())
          .member("verdict", SimplifyText.verdictLine(r)).member("runs", r.runs().size()).endObject();
    }
    json.name("written");
    if (outcome.written().isPresent()) {
      json.value(target.toString());
    } else {
      json.nullValue();
    }
    json.member("exitCode", EditOutcomeText.exitCode(outcome));
    json.endObject();
  }
}
