package dev.scalpel.cli.report;

import dev.scalpel.cli.ByteCount;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.traverse.ModelListing.NodeEntry;
import dev.scalpel.graph.traverse.ModelListing.TensorEntry;
import dev.scalpel.graph.traverse.ModelListing.TensorRef;
import dev.scalpel.graph.traverse.ModelListing.WeightEntry;
import dev.scalpel.graph.traverse.ModelSummary.Signature;
import dev.scalpel.graph.tensor.TensorStatistics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints the sections of {@code scalpel inspect --show} for people, one line per entry: nodes as
 * {@code name  Op  in: type, ... -> out: type}, tensors with where they come from and who reads
 * them, attributes under their node, weights with their statistics, and the graph's inputs and
 * outputs. Entries of subgraphs are indented two spaces per level. Types in {@link TypeNotation}.
 */
public final class ListingText {
  private ListingText() {}

  public static void nodes(List<NodeEntry> nodes, PrintWriter out) {
    out.println("Nodes (" + nodes.size() + "):");
    int nameWidth = Math.min(40, nodes.stream().mapToInt(n -> nodeName(n).length() + 2 * n.depth()).max().orElse(1));
    int opWidth = nodes.stream().mapToInt(n -> op(n).length()).max().orElse(1);
    for (NodeEntry n : nodes) {
      String indent = "  ".repeat(n.depth());
      out.printf("  %-" + nameWidth + "s  %-" + opWidth + "s  %s -> %s%n", indent + nodeName(n), op(n),
          refs(n.inputs()), refs(n.outputs()));
    }
  }

  public static void tensors(List<TensorEntry> tensors, PrintWriter out) {
    out.println("Tensors (" + tensors.size() + "):");
    int nameWidth = Math.min(40, tensors.stream().mapToInt(t -> t.name().length() + 2 * t.depth()).max().orElse(1));
    for (TensorEntry t : tensors) {
      String from = switch (t.origin()) {
        case GRAPH_INPUT -> "graph input";
        case INITIALIZER -> "initializer";
        case NODE -> "from " + t.producer();
      };
      String to = t.consumers().isEmpty() ? "read by nothing" : "read by " + String.join(", ", t.consumers());
      out.printf("  %-" + nameWidth + "s  %s  %s; %s%s%n", "  ".repeat(t.depth()) + t.name(),
          TypeNotation.format(t.type()), from, to, t.graphOutput() ? "; graph output" : "");
    }
  }

  public static void attributes(List<NodeEntry> nodes, PrintWriter out) {
    List<NodeEntry> with = nodes.stream().filter(n -> !n.attributes().isEmpty()).toList();
    out.println("Attributes (" + with.size() + " nodes):");
    for (NodeEntry n : with) {
      String indent = "  ".repeat(n.depth());
      out.println("  " + indent + nodeName(n) + " (" + op(n) + ")");
      for (Attribute a : n.attributes()) {
        out.println("    " + indent + a.name() + " = " + AttributeText.format(a));
      }
    }
  }

  public static void weightsHeader(PrintWriter out) {
    out.println("Weights:");
  }

  /** One weight: {@code name  float32[64,3]  768 B  min -1 max 2 mean 0.5 zeros 12.5%}. */
  public static void weight(WeightEntry w, PrintWriter out) {
    StringBuilder line = new StringBuilder("  ").append(w.name()).append("  ")
        .append(TypeNotation.elementType(w.dataType())).append(w.shape()).append("  ")
        .append(w.bytes() < 1024 ? w.bytes() + " B" : ByteCount.format(w.bytes()));
    if (w.statistics().isPresent()) {
      TensorStatistics s = w.statistics().get();
      line.append("  min ").append(ValidateText.number(s.min())).append(" max ").append(ValidateText.number(s.max()))
          .append(" mean ").append(ValidateText.number(s.mean()))
          .append(" zeros ").append(String.format(Locale.ROOT, "%.1f%%", 100 * s.sparsity()));
      if (s.nans() > 0) {
        line.append(" NaN ").append(s.nans());
      }
      if (s.infinities() > 0) {
        line.append(" inf ").append(s.infinities());
      }
    } else {
      line.append("  (no statistics for ").append(TypeNotation.elementType(w.dataType())).append(')');
    }
    if (w.external()) {
      line.append("  external");
    }
    out.println(line);
  }

  public static void io(List<Signature> inputs, List<Signature> outputs, PrintWriter out) {
    signatures("Inputs", inputs, out);
    signatures("Outputs", outputs, out);
  }

  private static void signatures(String label, List<Signature> values, PrintWriter out) {
    out.println(label + " (" + values.size() + "):");
    int width = values.stream().mapToInt(v -> v.name().length()).max().orElse(1);
    for (Signature v : values) {
      out.printf("  %-" + width + "s  %s%n", v.name(), TypeNotation.format(v.type()));
    }
  }

  private static String nodeName(NodeEntry n) {
    return n.name().isEmpty() ? "(unnamed)" : n.name();
  }

  static String op(NodeEntry n) {
    return n.domain().isEmpty() || n.domain().equals("ai.onnx") ? n.op() : n.domain() + "." + n.op();
  }

  private static String refs(List<TensorRef> refs) {
    if (refs.isEmpty()) {
      return "()";
    }
    StringBuilder b = new StringBuilder();
    for (TensorRef r : refs) {
      b.append(b.length() == 0 ? "" : ", ");
      b.append(r.name().isEmpty() ? "(none)" : r.name() + ": " + TypeNotation.format(r.type()));
    }
    return b.toString();
  }
}
