package dev.scalpel.cli.report;

import dev.scalpel.cli.ByteCount;
import dev.scalpel.graph.traverse.ModelSummary;
import dev.scalpel.graph.traverse.ModelSummary.ExternalFile;
import dev.scalpel.graph.traverse.ModelSummary.OpCount;
import dev.scalpel.graph.traverse.ModelSummary.Signature;
import dev.scalpel.opset.quant.QuantizationSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link ModelSummary} as an aligned, human-readable block for {@code scalpel inspect}. */
public final class SummaryText {
  private static final String LABEL = "%-15s %s%n";

  private SummaryText() {}

  public static void print(String file, ModelSummary s, QuantizationSummary q, PrintWriter out) {
    out.println(file);
    out.printf(LABEL, "IR version:", s.irVersion());
    out.printf(LABEL, "Opsets:", opsets(s.opsets()));
    out.printf(LABEL, "Producer:", orNone((s.producerName() + " " + s.producerVersion()).trim()));
    out.printf(LABEL, "Graph:", orNone(s.graphName()));
    signatures("Inputs:", s.inputs(), out);
    signatures("Outputs:", s.outputs(), out);
    out.printf(LABEL, "Nodes:", s.nodeCount() == s.totalNodeCount()
        ? number(s.nodeCount())
        : number(s.nodeCount()) + " (" + number(s.totalNodeCount()) + " including subgraphs)");
    out.printf(LABEL, "Subgraphs:", s.subgraphCount());
    out.printf(LABEL, "Functions:", s.functionCount());
    out.printf(LABEL, "Initializers:", number(s.initializerCount()));
    out.printf(LABEL, "Parameters:", number(s.parameterCount()));
    out.printf(LABEL, "Weight bytes:", bytes(s.weightBytes()));
    if (s.externalData().isEmpty()) {
      out.printf(LABEL, "External data:", "none");
    } else {
      out.println("External data:");
      for (ExternalFile f : s.externalData()) {
        out.printf("  %s  %s, %d tensor%s%n", f.location(), bytes(f.bytes()), f.tensorCount(),
            f.tensorCount() == 1 ? "" : "s");
      }
    }
    out.printf(LABEL, "Quantization:", quantization(q));
    operators(s.operators(), out);
  }

  /** {@code 1 Q, 3 DQ; 3 quantized tensors (2 weights): int32 1, int8 2; 1 per tensor, 2 per channel}. */
  private static String quantization(QuantizationSummary q) {
    if (!q.isQuantized()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    b.append(q.quantizeNodes()).append(" QuantizeLinear, ").append(q.dequantizeNodes()).append(" DequantizeLinear; ")
        .append(q.quantizedTensors()).append(" quantized tensor").append(q.quantizedTensors() == 1 ? "" : "s")
        .append(" (").append(q.quantizedWeights()).append(" weights):");
    q.byType().forEach((type, n) -> b.append(' ').append(type).append(' ').append(n).append(','));
    b.setLength(b.length() - 1);
    b.append("; ").append(q.perTensor()).append(" per tensor, ").append(q.perAxis()).append(" per channel");
    if (q.blocked() > 0) {
      b.append(", ").append(q.blocked()).append(" blocked");
    }
    return b.toString();
  }

  private static String opsets(Map<String, Long> opsets) {
    if (opsets.isEmpty()) {
      return "(none)";
    }
    List<String> parts = new ArrayList<>();
    opsets.forEach((domain, version) -> parts.add((domain.isEmpty() ? "ai.onnx" : domain) + " " + version));
    return String.join(", ", parts);
  }

  private static void signatures(String label, List<Signature> values, PrintWriter out) {
    if (values.isEmpty()) {
      out.printf(LABEL, label, "(none)");
      return;
    }
    out.println(label);
    int width = values.stream().mapToInt(v -> v.name().length()).max().orElse(0);
    for (Signature v : values) {
      out.printf("  %-" + Math.max(width, 1) + "s  %s%n", v.name(), TypeNotation.format(v.type()));
    }
  }

  private static void operators(List<OpCount> ops, PrintWriter out) {
    if (ops.isEmpty()) {
      out.printf(LABEL, "Operators:", "(none)");
      return;
    }
    out.println("Operators:");
    int width = String.valueOf(ops.get(0).count()).length();
    for (OpCount op : ops) {
      out.printf("  %" + width + "d  %s%n", op.count(), op.qualifiedName());
    }
  }

  private static String bytes(long n) {
    return n < 1024 ? number(n) + " B" : number(n) + " (" + ByteCount.format(n) + ")";
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String orNone(String s) {
    return s.isEmpty() ? "(none)" : s;
  }
}
