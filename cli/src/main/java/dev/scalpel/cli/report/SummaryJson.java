package dev.scalpel.cli.report;

import dev.scalpel.cli.Failure;
import dev.scalpel.graph.traverse.ModelSummary;
import dev.scalpel.graph.traverse.ModelSummary.ExternalFile;
import dev.scalpel.graph.traverse.ModelSummary.OpCount;
import dev.scalpel.graph.traverse.ModelSummary.Signature;
import dev.scalpel.opset.quant.QuantizationSummary;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ModelSummary} as one JSON object for {@code scalpel inspect --json}. Types come
 * both as text ({@code "float32[batch,3]"}) and structured: {@code elementType}, and {@code shape}
 * as an array of numbers (static), strings (symbolic) and nulls (unknown), or null for an unknown
 * rank or a non-tensor.
 */
public final class SummaryJson {
  private SummaryJson() {}

  public static void write(String file, ModelSummary s, QuantizationSummary q, JsonWriter json) {
    json.beginObject();
    json.member("model", file);
    json.member("irVersion", s.irVersion());
    json.name("opsets").beginArray();
    for (Map.Entry<String, Long> e : s.opsets().entrySet()) {
      json.beginObject().member("domain", e.getKey()).member("version", e.getValue()).endObject();
    }
    json.endArray();
    json.member("producerName", s.producerName());
    json.member("producerVersion", s.producerVersion());
    json.member("graphName", s.graphName());
    signatures("inputs", s.inputs(), json);
    signatures("outputs", s.outputs(), json);
    json.member("nodeCount", s.nodeCount());
    json.member("totalNodeCount", s.totalNodeCount());
    json.member("subgraphCount", s.subgraphCount());
    json.member("functionCount", s.functionCount());
    json.member("initializerCount", s.initializerCount());
    json.member("parameterCount", s.parameterCount());
    json.member("weightBytes", s.weightBytes());
    json.name("externalData").beginArray();
    for (ExternalFile f : s.externalData()) {
      json.beginObject()
          .member("location", f.location())
          .member("bytes", f.bytes())
          .member("tensorCount", f.tensorCount())
          .endObject();
    }
    json.endArray();
    json.name("quantization").beginObject()
        .member("quantizeLinear", q.quantizeNodes())
        .member("dequantizeLinear", q.dequantizeNodes())
        .member("quantizedTensors", q.quantizedTensors())
        .member("quantizedWeights", q.quantizedWeights())
        .member("perTensor", q.perTensor())
        .member("perChannel", q.perAxis())
        .member("blocked", q.blocked());
    json.name("byType").beginObject();
    q.byType().forEach((type, n) -> json.member(type, (long) n));
    json.endObject().endObject();
    json.name("operators").beginArray();
    for (OpCount op : s.operators()) {
      json.beginObject()
          .member("domain", op.domain())
          .member("opType", op.opType())
          .member("count", op.count())
          .endObject();
    }
    json.endArray();
    json.endObject();
  }

  /** The entry for a model that could not be read: its file, the message and the exit status. */
  public static void writeError(String file, Failure failure, JsonWriter json) {
    json.beginObject()
        .member("model", file)
        .member("error", failure.message())
        .member("exitCode", failure.exitCode())
        .endObject();
  }

  private static void signatures(String name, List<Signature> values, JsonWriter json) {
    json.name(name).beginArray();
    for (Signature v : values) {
      json.beginObject().member("name", v.name());
      TypeJson.members(v.type(), json);
      json.endObject();
    }
    json.endArray();
  }
}
