package dev.scalpel.cli.report;

import dev.scalpel.cli.Validation;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.extract.Extractor;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what {@code scalpel extract --json} reports, one object: {@code model}, {@code output},
 * {@code written}, {@code exitCode}, {@code inputs} and {@code outputs} (each {@code name} and the
 * type members of {@link TypeJson}), {@code nodesBefore}, {@code nodesAfter}, {@code initializersRemoved}, {@code
 * notes}, {@code validation} (the object of {@code validate --json}, null with {@code
 * --no-validate}) and {@code wallMs}.
 */
public final class ExtractJson {
  private ExtractJson() {}

  /** @param options the check's options, null when it was off */
  public static void write(Path input, Path target, CheckedEdit.Outcome<Extractor.Result> outcome, CheckOptions options,
      double wallMs, JsonWriter json) {
    Extractor.Result r = outcome.result();
    json.beginObject();
    json.member("model", input.toString());
    json.member("output", target.toString());
    json.member("written", outcome.written().isPresent());
    json.member("exitCode", EditOutcomeText.exitCode(outcome));
    json.name("inputs");
    values(r.inputs(), json);
    json.name("outputs");
    values(r.outputs(), json);
    json.member("nodesBefore", r.nodesBefore());
    json.member("nodesAfter", r.nodesAfter());
    json.member("initializersRemoved", r.initializersRemoved());
    json.name("notes").beginArray();
    r.notes().forEach(json::value);
    json.endArray();
    json.name("validation");
    if (outcome.check().isPresent()) {
      ValidateJson.write(new Validation(input.toString(), target.toString(), options, outcome.check().get(), null,
          outcome.checkElapsed().toNanos() / 1e6), json);
    } else {
      json.nullValue();
    }
    json.member("wallMs", wallMs);
    json.endObject();
  }

  /** Values as {@code name} and the members of {@link TypeJson}. */
  static void values(List<Value> values, JsonWriter json) {
    json.beginArray();
    for (Value v : values) {
      json.beginObject().member("name", v.name());
      TypeJson.members(v.type(), json);
      json.endObject();
    }
    json.endArray();
  }
}
