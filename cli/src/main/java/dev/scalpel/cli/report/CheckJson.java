package dev.scalpel.cli.report;

import dev.scalpel.cli.ModelCheck;
import dev.scalpel.cli.StageResult;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code scalpel check --json}: one object with the overall verdict and one entry per
 * model, each with its stages in order. Field names are stable and listed in cli/README.md.
 */
public final class CheckJson {
  private CheckJson() {}

  public static void write(List<ModelCheck> checks, JsonWriter json) {
    json.beginObject();
    json.member("passed", checks.stream().allMatch(ModelCheck::passed));
    json.member("exitCode", ModelCheck.exitCode(checks));
    json.name("models").beginArray();
    for (ModelCheck c : checks) {
      json.beginObject();
      json.member("model", c.file());
      json.member("passed", c.passed());
      json.member("exitCode", c.exitCode());
      json.name("stages").beginArray();
      for (StageResult s : c.stages()) {
        json.beginObject()
            .member("stage", s.stage())
            .member("status", s.status().id())
            .member("message", s.message());
        json.name("details").beginArray();
        s.details().forEach(json::value);
        json.endArray();
        json.member("timeMs", s.millis());
        json.endObject();
      }
      json.endArray();
      json.name("runs").beginArray();
      for (Map<String, Long> run : c.runs()) {
        json.beginObject();
        run.forEach(json::member);
        json.endObject();
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }
}
