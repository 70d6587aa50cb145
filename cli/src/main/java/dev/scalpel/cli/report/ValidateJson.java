package dev.scalpel.cli.report;

import dev.scalpel.cli.Validation;
import dev.scalpel.runtime.Divergence;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.Localization;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.RunOutcome;
import dev.scalpel.runtime.SignatureIssue;
import dev.scalpel.runtime.TensorDiff;
import dev.scalpel.runtime.Timings;
import dev.scalpel.runtime.Tolerance;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Validation} as one JSON object for {@code scalpel validate --json}. The field
 * names are stable and listed in cli/README.md. Numbers that are not finite (an error over NaNs, a
 * failed run's time) are null; element types use {@link TypeNotation}'s names.
 */
public final class ValidateJson {
  private ValidateJson() {}

  public static void write(Validation v, JsonWriter json) {
    EquivalenceReport r = v.report();
    json.beginObject();
    // NOTE: "model" is the model under test, the key every command's JSON names its model by.
    json.member("model", v.rewritten());
    json.member("original", v.original());
    json.member("rewritten", v.rewritten());
    json.member("equivalent", r.passed());
    json.member("exitCode", v.exitCode());
    json.member("seed", v.options().seed());
    json.name("tolerance");
    tolerance(v.options().tolerance(), json);
    json.name("runs").beginArray();
    for (int i = 0; i < r.runs().size(); i++) {
      json.beginObject().member("run", i).name("dims");
      dims(r.runs().get(i), json);
      json.endObject();
    }
    json.endArray();
    json.name("signature").beginArray();
    for (SignatureIssue i : r.signature()) {
      json.beginObject()
          .member("kind", i.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .member("name", i.name())
          .member("fatal", i.fatal())
          .member("message", i.message())
          .endObject();
    }
    json.endArray();
    json.name("outputs").beginArray();
    for (OutputVerdict o : r.outputs()) {
      output(o, json);
    }
    json.endArray();
    json.name("localization");
    localization(v, json);
    json.name("timings");
    timings(r.timings(), v.wallMs(), json);
    json.endObject();
  }

  private static void output(OutputVerdict o, JsonWriter json) {
    json.beginObject();
    json.member("name", o.name());
    json.member("passed", o.passed());
    json.name("tolerance");
    tolerance(o.tolerance(), json);
    json.member("worstRun", o.worstRun());
    json.name("worst");
    outcome(o.worst(), json);
    json.name("runs").beginArray();
    for (RunOutcome outcome : o.outcomes()) {
      outcome(outcome, json);
    }
    json.endArray();
    json.endObject();
  }

  /** One run of one output: the comparison's figures, or the rewritten model's error. */
  private static void outcome(RunOutcome outcome, JsonWriter json) {
    json.beginObject();
    json.member("run", outcome.run());
    json.member("passed", outcome.passed());
    if (outcome instanceof RunOutcome.Compared c) {
      json.name("error").nullValue();
      diff(c.diff(), json);
    } else if (outcome instanceof RunOutcome.Failed f) {
      json.member("error", "rewritten model failed: " + f.message());
    }
    json.endObject();
  }

  private static void diff(TensorDiff d, JsonWriter json) {
    json.member("expectedType", TypeNotation.elementType(d.expectedType()));
    json.member("actualType", TypeNotation.elementType(d.actualType()));
    shape("expectedShape", d.expectedShape(), json);
    shape("actualShape", d.actualShape(), json);
    json.member("typesMatch", d.typesMatch());
    json.member("shapesMatch", d.shapesMatch());
    json.member("elements", d.elements());
    json.member("mismatches", d.mismatches());
    json.member("nanInfMismatches", d.nanInfMismatches());
    json.member("maxAbsError", d.maxAbsError());
    json.member("maxRelError", d.maxRelError());
  }

  private static void localization(Validation v, JsonWriter json) {
    if (v.localized() == null) {
      json.nullValue();
      return;
    }
    Localization where = v.localized().where();
    json.beginObject();
    json.member("run", v.localized().run());
    json.name("dims");
    dims(v.report().runs().get(v.localized().run()), json);
    json.member("found", where.divergence() != null);
    Divergence d = where.divergence();
    json.member("node", d == null ? null : d.nodeName());
    json.member("opType", d == null ? null : d.opType());
    json.member("tensor", d == null ? null : d.tensor());
    if (d == null) {
      json.name("diff").nullValue();
    } else {
      json.name("diff").beginObject();
      diff(d.diff(), json);
      json.endObject();
    }
    json.member("compared", where.compared());
    json.name("uncomparable").beginArray();
    for (String name : where.uncomparable()) {
      json.value(name);
    }
    json.endArray();
    json.member("failure", where.failure());
    json.endObject();
  }

  private static void timings(Timings t, double wallMs, JsonWriter json) {
    json.beginObject();
    json.member("originalLoadMs", t.originalLoadMs());
    json.member("rewrittenLoadMs", t.rewrittenLoadMs());
    millis("originalRunMs", t.originalRunMs(), json);
    millis("rewrittenRunMs", t.rewrittenRunMs(), json);
    json.member("totalMs", wallMs);
    json.endObject();
  }

  private static void tolerance(Tolerance t, JsonWriter json) {
    json.beginObject().member("atol", t.atol()).member("rtol", t.rtol()).endObject();
  }

  private static void dims(Map<String, Long> dims, JsonWriter json) {
    json.beginObject();
    dims.forEach(json::member);
    json.endObject();
  }

  private static void shape(String name, List<Long> shape, JsonWriter json) {
    json.name(name).beginArray();
    for (long d : shape) {
      json.value(d);
    }
    json.endArray();
  }

  private static void millis(String name, List<Double> values, JsonWriter json) {
    json.name(name).beginArray();
    for (double ms : values) {
      json.value(ms);
    }
    json.endArray();
  }
}
