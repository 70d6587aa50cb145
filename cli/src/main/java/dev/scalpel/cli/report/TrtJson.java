package dev.scalpel.cli.report;

import dev.scalpel.cli.TrtOutcome;
import dev.scalpel.passes.PassResult;
import dev.scalpel.graph.Finding;
import java.util.List;

/**
 * Writes a {@link TrtOutcome} as one JSON object for {@code scalpel trt --json}: {@code model},
 * {@code trtVersion}, {@code ready}, {@code exitCode}, {@code note}, {@code counts} (error,
 * warning, info), {@code findings} and {@code profile} (each {@code rule, severity, node, tensor,
 * message, hint}), {@code trtexec} (string or null), {@code fix} (null without --fix, else
 * {@code passes}, {@code equivalent}, {@code written}).
 */
public final class TrtJson {
  private TrtJson() {}

  public static void write(TrtOutcome o, JsonWriter json) {
    json.beginObject();
    json.member("model", o.model());
    json.member("trtVersion", o.report().version().label());
    json.member("ready", o.report().ready());
    json.member("exitCode", o.exitCode());
    json.member("note", TrtOutcome.DISCLAIMER);
    json.name("counts").beginObject();
    for (Finding.Severity s : Finding.Severity.values()) {
      json.member(s.label(), o.report().count(s));
    }
    json.endObject();
    json.name("findings");
    findings(o, o.report().findings(), json);
    json.name("profile");
    findings(o, o.plan().findings(), json);
    json.name("trtexec");
    if (o.plan().commandLine() == null) {
      json.nullValue();
    } else {
      json.value(o.plan().commandLine());
    }
    json.name("fix");
    if (o.equivalence() == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("passes").beginArray();
      for (PassResult p : o.fixes()) {
        json.beginObject().member("pass", p.passId()).member("changed", p.changed())
            .member("changes", p.changes().toString()).endObject();
      }
      json.endArray();
      json.member("equivalent", o.equivalence().passed());
      json.name("written");
      if (o.written() == null) {
        json.nullValue();
      } else {
        json.value(o.written());
      }
      json.endObject();
    }
    json.endObject();
  }

  private static void findings(TrtOutcome o, List<Finding> findings, JsonWriter json) {
    json.beginArray();
    for (Finding f : findings) {
      json.beginObject()
          .member("rule", f.rule())
          .member("severity", f.severity().label())
          .member("node", f.node())
          .member("tensor", f.value())
          .member("message", f.message())
          .member("hint", o.hint(f))
          .endObject();
    }
    json.endArray();
  }
}
