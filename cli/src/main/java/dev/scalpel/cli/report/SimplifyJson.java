package dev.scalpel.cli.report;

import dev.scalpel.cli.SimplifiedModel;
import dev.scalpel.cli.Validation;
import dev.scalpel.passes.ChangeSummary;
import dev.scalpel.passes.rewrite.Explanation;
import dev.scalpel.runtime.simplify.ModelStats;
import dev.scalpel.runtime.simplify.PassTime;
import dev.scalpel.runtime.simplify.SimplifyReport;
import java.util.List;
import java.util.Map;

/** The JSON report of one model through {@code scalpel simplify}. */
public final class SimplifyJson {
  private SimplifyJson() {}

  /**
   * @param explainRule the rule of {@code --explain}, or null
   * @param notRun why that rule did not run, or null when it ran (then {@code explanations} are its)
   */
  public static void write(SimplifiedModel m, String explainRule, List<Explanation> explanations, String notRun, JsonWriter json) {
    SimplifyReport r = m.result().report();
    json.beginObject();
    json.member("model", m.input().toString());
    json.member("output", m.target().toString());
    json.member("written", m.written() != null);
    json.member("exitCode", m.exitCode());
    json.name("before");
    stats(r.before(), json);
    json.name("after");
    stats(r.after(), json);
    json.member("inputFileBytes", m.inputBytes());
    if (m.written() != null) {
      json.member("outputFileBytes", m.written().modelBytes());
    }
    json.name("pipeline").beginArray();
    r.pipeline().forEach(json::value);
    json.endArray();
    json.member("rounds", r.rounds());
    json.member("fixedPoint", r.fixedPoint());
    json.member("passesMs", r.elapsed().toNanos() / 1e6);
    json.name("passes").beginArray();
    for (PassTime t : r.passes()) {
      json.beginObject().member("id", t.passId()).member("runs", t.runs())
          .member("ms", t.elapsed().toNanos() / 1e6);
      json.name("changes");
      changes(t.changes(), json);
      json.endObject();
    }
    json.endArray();
    json.name("diagnostics").beginArray();
    r.diagnostics().forEach(json::value);
    json.endArray();
    json.name("validation");
    Validation v = m.validation();
    if (v == null) {
      json.nullValue();
    } else {
      ValidateJson.write(v, json);
    }
    if (notRun != null) {
      json.name("explain").beginArray();
      json.beginObject().member("rule", explainRule).member("skipped", notRun).endObject();
      json.endArray();
    } else if (!explanations.isEmpty()) {
      json.name("explain").beginArray();
      for (Explanation e : explanations) {
        json.beginObject().member("rule", e.ruleId()).member("node", e.node()).member("fires", e.fires())
            .member("reason", e.reason()).endObject();
      }
      json.endArray();
    }
    json.member("wallMs", m.wallMs());
    json.endObject();
  }

  private static void stats(ModelStats s, JsonWriter json) {
    json.beginObject()
        .member("nodes", s.nodes())
        .member("initializers", s.initializers())
        .member("parameters", s.parameters())
        .member("weightBytes", s.weightBytes())
        .member("quantizeLinear", s.quantizeNodes())
        .member("dequantizeLinear", s.dequantizeNodes())
        .member("quantizedWeights", s.quantizedWeights());
    json.name("operators").beginObject();
    for (Map.Entry<String, Integer> e : s.operators().entrySet()) {
      json.member(e.getKey(), e.getValue());
    }
    json.endObject();
    json.endObject();
  }

  private static void changes(ChangeSummary c, JsonWriter json) {
    json.beginObject()
        .member("nodesAdded", c.nodesAdded())
        .member("nodesRemoved", c.nodesRemoved())
        .member("inputsRewired", c.inputsRewired())
        .member("initializersChanged", c.initializersChanged())
        .member("typesChanged", c.typesChanged())
        .member("attributesChanged", c.attributesChanged())
        .member("interfaceChanges", c.interfaceChanges());
    json.name("rules").beginObject();
    c.ruleApplications().forEach((rule, n) -> json.member(rule, (long) n));
    json.endObject();
    json.endObject();
  }
}
