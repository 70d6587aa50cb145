package dev.scalpel.cli.report;

import dev.scalpel.cli.Validation;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.passes.convert.opset.OpsetConverter;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.convert.Bfloat16Emulation;
import dev.scalpel.runtime.convert.CheckedConversion;
import java.io.PrintWriter;

/**
 * The report of one model through {@code scalpel convert --dtype/--opset}: what each conversion
 * did, as text or as one JSON object (field names listed in cli/README.md).
 *
 * @param model the input file
 * @param output the output file
 * @param outcome the checked conversion
 * @param validation the check as {@code validate} reports it, or null when it was off
 * @param exitCode the exit status of this model
 * @param inputFileBytes size of the input model file (without external data)
 * @param outputFileBytes size of the written model file, or -1 when nothing was written
 */
public record ConvertReport(String model, String output, CheckedEdit.Outcome<CheckedConversion.Done> outcome,
    Validation validation, int exitCode, long inputFileBytes, long outputFileBytes) {

  /** What the conversions did, as lines (the verdict and the write are {@link EditOutcomeText}'s). */
  public void printText(PrintWriter out) {
    CheckedConversion.Done done = outcome.result();
    done.opset().ifPresent(o -> {
      out.println(model + ": opset " + o.from() + " -> " + o.to() + ", " + o.changes().size() + " node(s) rewritten");
      o.changes().forEach(c -> out.println("  rewrote " + c));
    });
    done.precision().ifPresent(p -> {
      out.printf(java.util.Locale.ROOT, "%s: float32 -> %s, %d node(s) converted, %d kept in float32, %d Cast(s) added,"
              + " %d bypassed; weights %d -> %d bytes%n", model, p.target().displayName(), p.convertedNodes(),
          p.kept().size(), p.castsInserted(), p.castsBypassed(), p.weightBytesBefore(), p.weightBytesAfter());
      for (Float16Converter.KeptNode k : p.kept()) {
        out.println("  kept " + k.opType() + " '" + k.node() + "': " + k.reason());
      }
    });
  }

  /**
   * Whether the check ran the converted model's float32 emulation ({@link Bfloat16Emulation}: it
   * holds bfloat16) rather than the model itself.
   */
  public boolean checkEmulated() {
    return outcome.check().isPresent() && CheckedConversion.emulated(outcome.model());
  }

  public void writeJson(JsonWriter json) {
    CheckedConversion.Done done = outcome.result();
    json.beginObject();
    json.member("model", model);
    json.member("output", output);
    json.member("written", outcome.written().isPresent());
    json.member("exitCode", exitCode);
    json.member("inputFileBytes", inputFileBytes);
    if (outputFileBytes >= 0) {
      json.member("outputFileBytes", outputFileBytes);
    }
    json.name("opset");
    if (done.opset().isEmpty()) {
      json.nullValue();
    } else {
      OpsetConverter.Result o = done.opset().get();
      json.beginObject().member("from", o.from()).member("to", o.to()).name("changes").beginArray();
      o.changes().forEach(json::value);
      json.endArray().endObject();
    }
    json.name("dtype");
    if (done.precision().isEmpty()) {
      json.nullValue();
    } else {
      Float16Converter.Result p = done.precision().get();
      json.beginObject()
          .member("target", p.target().displayName())
          .member("convertedNodes", p.convertedNodes())
          .member("castsInserted", p.castsInserted())
          .member("castsBypassed", p.castsBypassed())
          .member("tensorsConverted", p.tensorsConverted())
          .member("weightBytesBefore", p.weightBytesBefore())
          .member("weightBytesAfter", p.weightBytesAfter())
          .member("checkEmulated", checkEmulated());
      json.name("kept").beginArray();
      for (Float16Converter.KeptNode k : p.kept()) {
        json.beginObject().member("node", k.node()).member("op", k.opType()).member("reason", k.reason()).endObject();
      }
      json.endArray().endObject();
    }
    json.name("validation");
    if (validation == null) {
      json.nullValue();
    } else {
      ValidateJson.write(validation, json);
    }
    json.endObject();
  }
}
