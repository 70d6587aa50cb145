package dev.scalpel.cli.report;

import dev.scalpel.cli.ByteCount;
import dev.scalpel.runtime.simplify.ModelStats;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the before/after size table of {@code simplify}'s reports (text and HTML): nodes,
 * initializers, parameters, weight bytes, and the Q/DQ counts when either model has any.
 *
 * @param bytes whether the values are byte counts (shown as KiB, MiB, ...)
 */
public record SizeRow(String label, long before, long after, boolean bytes) {
  public static List<SizeRow> of(ModelStats b, ModelStats a) {
    List<SizeRow> rows = new ArrayList<>();
    rows.add(new SizeRow("nodes", b.nodes(), a.nodes(), false));
    rows.add(new SizeRow("initializers", b.initializers(), a.initializers(), false));
    rows.add(new SizeRow("parameters", b.parameters(), a.parameters(), false));
    rows.add(new SizeRow("weight bytes", b.weightBytes(), a.weightBytes(), true));
    if (b.quantizeNodes() + b.dequantizeNodes() + a.quantizeNodes() + a.dequantizeNodes() > 0) {
      rows.add(new SizeRow("QuantizeLinear", b.quantizeNodes(), a.quantizeNodes(), false));
      rows.add(new SizeRow("DequantizeLinear", b.dequantizeNodes(), a.dequantizeNodes(), false));
      rows.add(new SizeRow("quantized weights", b.quantizedWeights(), a.quantizedWeights(), false));
    }
    return rows;
  }

  public String beforeText() {
    return format(before);
  }

  public String afterText() {
    return format(after);
  }

  /** {@code +12}, {@code -3.0 KiB} (with {@code minus} as the sign), or empty when equal. */
  public String change(String minus) {
    long diff = after - before;
    return diff == 0 ? "" : (diff > 0 ? "+" : minus) + format(Math.abs(diff));
  }

  private String format(long v) {
    return bytes ? ByteCount.format(v) : Long.toString(v);
  }
}
