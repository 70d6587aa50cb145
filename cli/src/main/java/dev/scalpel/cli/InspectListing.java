package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.ListingJson;
import dev.scalpel.cli.report.ListingText;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.ListingFilter;
import dev.scalpel.graph.traverse.ModelListing;
import dev.scalpel.graph.traverse.ModelListing.NodeEntry;
import dev.scalpel.graph.traverse.ModelSummary;
import dev.scalpel.passes.Analyses;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel inspect --show}: the sections of {@link ModelListing} asked for, one model at a
 * time, with the types shape inference gives (the model in memory is typed; no file changes).
 * Weights are summarised one tensor at a time and printed as each is done.
 */
final class InspectListing {
  /** What {@code --show} can list, in the order the sections print. */
  enum Section {
    IO, NODES, TENSORS, ATTRS, WEIGHTS;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Set<Section> sections;
  private final ListingFilter filter;

  private InspectListing(Set<Section> sections, ListingFilter filter) {
    this.sections = sections;
    this.filter = filter;
  }

  /**
   * The listing {@code --show} and {@code --filter} ask for.
   *
   * @throws picocli.CommandLine.ParameterException for an unknown section or a bad regular expression
   */
  static InspectListing of(CommandSpec spec, List<String> show, String filterText) {
    Set<Section> sections = EnumSet.noneOf(Section.class);
    for (String s : show) {
      String id = s.trim().toLowerCase(Locale.ROOT);
      Section match = null;
      for (Section section : Section.values()) {
        if (section.id().equals(id)) {
          match = section;
        }
      }
      if (match == null) {
        throw OutputTargets.usage(spec, "--show " + s + ": expected nodes, tensors, attrs, weights or io");
      }
      sections.add(match);
    }
    ListingFilter filter = ListingFilter.ALL;
    if (filterText != null) {
      try {
        filter = ListingFilter.of(filterText);
      } catch (PatternSyntaxException e) {
        throw OutputTargets.usage(spec, "--filter " + filterText + ": neither an op type nor a valid regular expression ("
            + e.getDescription() + ")");
      }
    }
    return new InspectListing(sections, filter);
  }

  /** The node entries the NODES and ATTRS sections list, computed once for both (none if neither is shown). */
  private List<NodeEntry> nodes(Model model) {
    return sections.contains(Section.NODES) || sections.contains(Section.ATTRS) ? ModelListing.nodes(model, filter) : List.of();
  }

  /** The inputs or outputs whose names the filter keeps. */
  private List<ModelSummary.Signature> named(List<ModelSummary.Signature> values) {
    return values.stream().filter(v -> filter.name(v.name())).toList();
  }

  /** Prints the sections of {@code model} (read from {@code file}). */
  void print(String file, Model model, PrintWriter out) {
    new Analyses().shapes(model);
    out.println(file + (filter == ListingFilter.ALL ? "" : " (filter " + filter + ")"));
    List<NodeEntry> nodes = nodes(model);
    for (Section s : sections) {
      switch (s) {
        case IO -> {
          ModelSummary summary = ModelSummary.of(model);
          ListingText.io(named(summary.inputs()), named(summary.outputs()), out);
        }
        case NODES -> ListingText.nodes(nodes, out);
        case TENSORS -> ListingText.tensors(ModelListing.tensors(model, filter), out);
        case ATTRS -> ListingText.attributes(nodes, out);
        case WEIGHTS -> {
          ListingText.weightsHeader(out);
          ModelListing.weights(model, filter, w -> {
            ListingText.weight(w, out);
            out.flush();
          });
        }
      }
    }
  }

  /** Writes the sections of {@code model} as one JSON object. */
  void write(String file, Model model, JsonWriter json) {
    new Analyses().shapes(model);
    json.beginObject().member("model", file);
    List<NodeEntry> nodes = nodes(model);
    for (Section s : sections) {
      switch (s) {
        case IO -> {
          ModelSummary summary = ModelSummary.of(model);
          ListingJson.io(named(summary.inputs()), named(summary.outputs()), json);
        }
        case NODES -> ListingJson.nodes(nodes, json);
        case TENSORS -> ListingJson.tensors(ModelListing.tensors(model, filter), json);
        case ATTRS -> ListingJson.attributes(nodes, json);
        case WEIGHTS -> {
          ListingJson.beginWeights(json);
          ModelListing.weights(model, filter, w -> ListingJson.weight(w, json));
          ListingJson.endWeights(json);
        }
      }
    }
    json.endObject();
  }
}
