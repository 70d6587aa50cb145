package dev.scalpel.cli.report;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.traverse.ModelListing.NodeEntry;
import dev.scalpel.graph.traverse.ModelListing.TensorEntry;
import dev.scalpel.graph.traverse.ModelListing.TensorRef;
import dev.scalpel.graph.traverse.ModelListing.WeightEntry;
import dev.scalpel.graph.traverse.ModelSummary.Signature;
import dev.scalpel.graph.tensor.TensorStatistics;
import java.util.List;
import java.util.Locale;

/**
 * Writes the sections of {@code scalpel inspect --show --json} as members of a model's object.
 * Every tensor type is written with {@link TypeJson}'s members ({@code type}, {@code elementType},
 * {@code shape}); the field names are listed in cli/README.md.
 */
public final class ListingJson {
  private ListingJson() {}

  /** {@code "nodes": [{graph, depth, name, domain, op, inputs, outputs}]}. */
  public static void nodes(List<NodeEntry> nodes, JsonWriter json) {
    json.name("nodes").beginArray();
    for (NodeEntry n : nodes) {
      node(n, json);
      json.endObject();
    }
    json.endArray();
  }

  /** {@code "attributes": [{graph, depth, name, domain, op, attributes: [{name, type, value}]}]}, nodes with attributes. */
  public static void attributes(List<NodeEntry> nodes, JsonWriter json) {
    json.name("attributes").beginArray();
    for (NodeEntry n : nodes) {
      if (n.attributes().isEmpty()) {
        continue;
      }
      json.beginObject().member("graph", n.graph()).member("depth", n.depth()).member("name", n.name())
          .member("domain", n.domain()).member("op", n.op());
      json.name("attributes").beginArray();
      for (Attribute a : n.attributes()) {
        json.beginObject().member("name", a.name()).member("type", a.type().name().toLowerCase(Locale.ROOT))
            .member("value", AttributeText.format(a)).endObject();
      }
      json.endArray().endObject();
    }
    json.endArray();
  }

  /** {@code "tensors": [{graph, depth, name, type..., origin, producer, consumers, graphOutput}]}. */
  public static void tensors(List<TensorEntry> tensors, JsonWriter json) {
    json.name("tensors").beginArray();
    for (TensorEntry t : tensors) {
      json.beginObject().member("graph", t.graph()).member("depth", t.depth()).member("name", t.name());
      TypeJson.members(t.type(), json);
      json.member("origin", t.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      if (t.producer().isEmpty()) {
        json.name("producer").nullValue();
      } else {
        json.member("producer", t.producer());
      }
      json.name("consumers").beginArray();
      t.consumers().forEach(json::value);
      json.endArray();
      json.member("graphOutput", t.graphOutput()).endObject();
    }
    json.endArray();
  }

  /** Opens {@code "weights": [}; {@link #weight} writes each entry, {@link #endWeights} closes it. */
  public static void beginWeights(JsonWriter json) {
    json.name("weights").beginArray();
  }

  /** {@code {graph, name, elementType, shape, bytes, external, min, max, mean, zeros, sparsity, nans, infinities}}. */
  public static void weight(WeightEntry w, JsonWriter json) {
    json.beginObject().member("graph", w.graph()).member("name", w.name())
        .member("elementType", TypeNotation.elementType(w.dataType()));
    json.name("shape").beginArray();
    for (Object d : TypeNotation.dims(w.shape())) {
      json.value((Long) d);
    }
    json.endArray();
    json.member("bytes", w.bytes()).member("external", w.external());
    if (w.statistics().isPresent()) {
      TensorStatistics s = w.statistics().get();
      json.member("min", s.min()).member("max", s.max()).member("mean", s.mean()).member("zeros", s.zeros())
          .member("sparsity", s.sparsity()).member("nans", s.nans()).member("infinities", s.infinities());
    } else {
      json.name("statistics").nullValue();
    }
    json.endObject();
  }

  public static void endWeights(JsonWriter json) {
    json.endArray();
  }

  /** {@code "io": {inputs: [{name, type...}], outputs: [...]}}. */
  public static void io(List<Signature> inputs, List<Signature> outputs, JsonWriter json) {
    json.name("io").beginObject();
    signatures("inputs", inputs, json);
    signatures("outputs", outputs, json);
    json.endObject();
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

  /** Opens a node's object with its identity, inputs and outputs; the caller closes it. */
  private static void node(NodeEntry n, JsonWriter json) {
    json.beginObject().member("graph", n.graph()).member("depth", n.depth()).member("name", n.name())
        .member("domain", n.domain()).member("op", n.op());
    refs("inputs", n.inputs(), json);
    refs("outputs", n.outputs(), json);
  }

  private static void refs(String name, List<TensorRef> refs, JsonWriter json) {
    json.name(name).beginArray();
    for (TensorRef r : refs) {
      json.beginObject().member("name", r.name());
      TypeJson.members(r.type(), json);
      json.endObject();
    }
    json.endArray();
  }
}
