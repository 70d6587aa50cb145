package dev.scalpel.cli.report.html;

import dev.scalpel.cli.ByteCount;
import dev.scalpel.cli.ModelCheck;
import dev.scalpel.cli.StageResult;
import dev.scalpel.cli.Validation;
import dev.scalpel.cli.report.SizeRow;
import dev.scalpel.cli.report.TypeNotation;
import dev.scalpel.cli.report.ValidateText;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.RunOutcome;
import dev.scalpel.runtime.SignatureIssue;
import dev.scalpel.runtime.TensorDiff;
import dev.scalpel.runtime.simplify.ModelStats;
import dev.scalpel.runtime.simplify.PassTime;
import dev.scalpel.runtime.simplify.SimplifyReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of an HTML report, each an HTML fragment: the before/after table, the operator
 * histogram and pass times as SVG bar charts, the validation verdict with a row per output, the
 * stages of {@code check}, and the graph drawings ({@link GraphDrawing}) with their legend. Every
 * text that comes from a model or a message is escaped.
 */
public final class ReportSections {
  private static final int BAR_W = 360;

  private ReportSections() {}

  /** A heading with a verdict badge: green when {@code ok}, red when not, grey when null (no verdict). */
  public static String heading(String title, String badge, Boolean ok) {
    String cls = ok == null ? "none" : ok ? "ok" : "bad";
    return "<h2>" + esc(title) + (badge == null ? "" : " <span class=\"badge " + cls + "\">" + esc(badge) + "</span>")
        + "</h2>\n";
  }

  /** A paragraph of plain text. */
  public static String note(String text) {
    return "<p class=\"note\">" + esc(text) + "</p>\n";
  }

  /** Nodes, initializers, parameters, weight bytes (and Q/DQ counts when there are any), before and after. */
  public static String statsTable(ModelStats b, ModelStats a) {
    StringBuilder s = new StringBuilder("<table class=\"stats\"><tr><th></th><th>before</th><th>after</th><th>change</th></tr>\n");
    for (SizeRow row : SizeRow.of(b, a)) {
      long diff = row.after() - row.before();
      s.append("<tr><td>").append(esc(row.label())).append("</td><td class=\"r\">").append(row.beforeText())
          .append("</td><td class=\"r\">").append(row.afterText()).append("</td><td class=\"r ")
          .append(diff < 0 ? "down" : diff > 0 ? "up" : "").append("\">").append(row.change("−")).append("</td></tr>\n");
    }
    return s.append("</table>\n").toString();
  }

  /** The sizes of one model. */
  public static String statsTable(ModelStats m) {
    StringBuilder s = new StringBuilder("<table class=\"stats\">\n");
    s.append(row("nodes", Long.toString(m.nodes()))).append(row("initializers", Long.toString(m.initializers())))
        .append(row("parameters", Long.toString(m.parameters())))
        .append(row("weight bytes", ByteCount.format(m.weightBytes())));
    return s.append("</table>\n").toString();
  }

  /** A horizontal bar per operator: its count before (grey) and after (blue), most frequent first. */
  public static String operatorChart(Map<String, Integer> before, Map<String, Integer> after) {
    return operatorChart(before, after, true);
  }

  /** A horizontal bar per operator of one model, most frequent first. */
  public static String operatorChart(Map<String, Integer> counts) {
    return operatorChart(counts, counts, false);
  }

  private static String operatorChart(Map<String, Integer> before, Map<String, Integer> after, boolean two) {
    Set<String> ops = new LinkedHashSet<>(before.keySet());
    ops.addAll(after.keySet());
    List<String> sorted = new ArrayList<>(ops);
    sorted.sort(Comparator.comparingInt((String op) -> -Math.max(before.getOrDefault(op, 0), after.getOrDefault(op, 0)))
        .thenComparing(op -> op));
    int max = 1;
    for (String op : sorted) {
      max = Math.max(max, Math.max(before.getOrDefault(op, 0), after.getOrDefault(op, 0)));
    }
    int rowH = two ? 22 : 16;
    int labelW = 190;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart ops\" width=\"").append(labelW + BAR_W + 120).append("\" height=\"")
        .append(sorted.size() * rowH + 8).append("\">");
    int y = 4;
    for (String op : sorted) {
      int b = before.getOrDefault(op, 0);
      int a = after.getOrDefault(op, 0);
      s.append("<text class=\"cl\" x=\"").append(labelW - 6).append("\" y=\"").append(y + (two ? 14 : 11)).append("\">")
          .append(esc(op)).append("</text>");
      if (two) {
        bar(s, "before", labelW, y, b, max, 9, b + " before");
        bar(s, "after", labelW, y + 10, a, max, 9, a + " after");
        s.append("<text class=\"cv\" x=\"").append(labelW + BAR_W + 8).append("\" y=\"").append(y + 14).append("\">")
            .append(b).append(" → ").append(a).append("</text>");
      } else {
        bar(s, "after", labelW, y, b, max, 12, Integer.toString(b));
        s.append("<text class=\"cv\" x=\"").append(labelW + BAR_W + 8).append("\" y=\"").append(y + 11).append("\">")
            .append(b).append("</text>");
      }
      y += rowH;
    }
    return s.append("</svg>\n").toString();
  }

  /** Rounds, and a row per pass: runs, time (with a bar) and what it changed. */
  public static String passes(SimplifyReport r) {
    double max = 1e-9;
    for (PassTime t : r.passes()) {
      max = Math.max(max, t.elapsed().toNanos() / 1e6);
    }
    StringBuilder s = new StringBuilder();
    s.append("<p>").append(r.rounds()).append(r.rounds() == 1 ? " round, " : " rounds, ")
        .append(r.fixedPoint() ? "fixed point reached" : "stopped at the round cap before a fixed point")
        .append(", ").append(millis(r.elapsed().toNanos() / 1e6)).append(" in passes</p>\n");
    s.append("<table class=\"passes\"><tr><th>pass</th><th>runs</th><th>time</th><th></th><th>changes</th></tr>\n");
    for (PassTime t : r.passes()) {
      double ms = t.elapsed().toNanos() / 1e6;
      s.append("<tr><td>").append(esc(t.passId())).append("</td><td class=\"r\">").append(t.runs())
          .append("</td><td class=\"r\">").append(millis(ms)).append("</td><td><svg width=\"").append(BAR_W / 2)
          .append("\" height=\"12\"><rect class=\"bar time\" width=\"").append(GraphDrawing.num(Math.max(1, ms / max * BAR_W / 2)))
          .append("\" height=\"12\"/></svg></td><td>").append(esc(t.changes().toString())).append("</td></tr>\n");
    }
    s.append("</table>\n");
    if (!r.diagnostics().isEmpty()) {
      s.append("<details><summary>").append(r.diagnostics().size()).append(" notes from the passes</summary><ul>");
      r.diagnostics().forEach(d -> s.append("<li>").append(esc(d)).append("</li>"));
      s.append("</ul></details>\n");
    }
    return s.toString();
  }

  /** The verdict, the runs and tolerance, a row per output (its worst run) and the signature issues. */
  public static String validation(Validation v) {
    EquivalenceReport r = v.report();
    StringBuilder s = new StringBuilder();
    s.append("<p class=\"verdict ").append(r.passed() ? "ok" : "bad").append("\">")
        .append(r.passed() ? "EQUIVALENT" : "DIFFERENT").append(": ")
        .append(r.outputs().size() - r.failedOutputs().size()).append(" of ").append(r.outputs().size())
        .append(" outputs agree</p>\n<p>");
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < r.runs().size(); i++) {
      runs.add(i + ": " + v.dims(i));
    }
    s.append(esc(r.runs().size() + " run" + (r.runs().size() == 1 ? "" : "s") + " (" + String.join("; ", runs)
        + "), seed " + v.options().seed() + ", tolerance " + ValidateText.tolerance(v.options().tolerance())
        + String.format(Locale.ROOT, ", %.0f ms", v.wallMs()))).append("</p>\n");
    for (SignatureIssue i : r.signature()) {
      s.append("<p class=\"").append(i.fatal() ? "bad" : "note").append("\">").append(esc(i.toString())).append("</p>\n");
    }
    s.append("<table class=\"outputs\"><tr><th>output</th><th>result</th><th>shape</th><th>type</th>"
        + "<th>max abs error</th><th>max rel error</th><th>mismatches</th><th>worst run</th></tr>\n");
    for (OutputVerdict o : r.outputs()) {
      s.append("<tr class=\"").append(o.passed() ? "ok" : "bad").append("\"><td>").append(esc(o.name()))
          .append("</td><td>").append(o.passed() ? "ok" : "FAIL").append("</td>");
      if (o.worst() instanceof RunOutcome.Compared c) {
        TensorDiff d = c.diff();
        s.append("<td>").append(esc(d.actualShape().toString()))
            .append(d.shapesMatch() ? "" : " ≠ " + esc(d.expectedShape().toString())).append("</td><td>")
            .append(esc(TypeNotation.elementType(d.actualType())))
            .append(d.typesMatch() ? "" : " ≠ " + esc(TypeNotation.elementType(d.expectedType()))).append("</td><td class=\"r\">")
            .append(ValidateText.number(d.maxAbsError())).append("</td><td class=\"r\">")
            .append(ValidateText.number(d.maxRelError())).append("</td><td class=\"r\">")
            .append(d.mismatches()).append('/').append(d.elements())
            .append(d.nanInfMismatches() > 0 ? " (" + d.nanInfMismatches() + " NaN/Inf)" : "").append("</td>");
      } else {
        s.append("<td colspan=\"5\">").append(esc(o.worst().summary())).append("</td>");
      }
      s.append("<td>").append(esc(v.dims(o.worstRun()))).append("</td></tr>\n");
    }
    return s.append("</table>\n").toString();
  }

  /** The stages of {@code check} for one model. */
  public static String stages(ModelCheck c) {
    StringBuilder s = new StringBuilder("<table class=\"stages\"><tr><th>stage</th><th>result</th><th>time</th><th></th></tr>\n");
    for (StageResult st : c.stages()) {
      boolean ok = st.status() == StageResult.Status.PASSED;
      boolean bad = st.status() == StageResult.Status.FAILED || st.status() == StageResult.Status.ERROR;
      s.append("<tr class=\"").append(ok ? "ok" : bad ? "bad" : "skip").append("\"><td>").append(esc(st.stage()))
          .append("</td><td>").append(st.status().id()).append("</td><td class=\"r\">").append(millis(st.millis()))
          .append("</td><td>").append(esc(st.message()));
      if (!st.details().isEmpty()) {
        s.append("<details><summary>").append(st.details().size()).append(" details</summary><ul>");
        st.details().forEach(d -> s.append("<li>").append(esc(d)).append("</li>"));
        s.append("</ul></details>");
      }
      s.append("</td></tr>\n");
    }
    return s.append("</table>\n").toString();
  }

  /**
   * The two drawings side by side, paired node for node ({@link GraphDiff}), with a legend. Ids
   * start with {@code idPrefix} and then {@code b} (before) or {@code a} (after), so several
   * models can share a page.
   */
  public static String graphs(Model before, Model after, String idPrefix, String beforeTitle, String afterTitle) {
    GraphDiff diff = GraphDiff.of(before, after);
    GraphDrawing[] drawn = new GraphDrawing[2];
    java.util.function.Function<Node, String> toAfter = n -> drawn[1] == null ? null : drawn[1].id(n);
    java.util.function.Function<Node, String> toBefore = n -> drawn[0] == null ? null : drawn[0].id(n);
    drawn[1] = GraphDrawing.draw(after, diff, idPrefix + "a", toBefore);
    drawn[0] = GraphDrawing.draw(before, diff, idPrefix + "b", toAfter);
    return "<div class=\"graph-section\"><div class=\"graphs two\">" + panel(drawn[0], beforeTitle)
        + panel(drawn[1], afterTitle) + "</div>\n" + legend(true) + timing(drawn) + "</div>\n";
  }

  /** One model drawn alone. */
  public static String graph(Model model, String idPrefix, String title) {
    GraphDrawing d = GraphDrawing.draw(model, GraphDiff.none(model), idPrefix + "m", n -> null);
    return "<div class=\"graph-section\"><div class=\"graphs one\">" + panel(d, title) + "</div>\n" + legend(false)
        + timing(new GraphDrawing[] {d}) + "</div>\n";
  }

  private static String panel(GraphDrawing d, String title) {
    return "<div class=\"panel\" data-prefix=\"" + esc(d.prefix()) + "\" data-nodes=\"" + d.nodes() + "\">"
        + "<div class=\"bar\"><b>" + esc(title) + "</b> <span class=\"count\">" + d.nodes() + " nodes"
        + (d.blocks() > 0 ? ", " + d.blocks() + " blocks" : "") + "</span>"
        + " <button class=\"fit\">fit</button><button class=\"expand\">open all</button>"
        + "<button class=\"collapse\">close all</button></div>"
        + "<svg class=\"graph\"><g class=\"viewport\">" + d.svg() + "</g></svg>"
        + "<script type=\"application/json\" class=\"details\">" + d.detailsJson().replace("</", "<\\/") + "</script>"
        + "</div>";
  }

  private static String legend(boolean diff) {
    StringBuilder s = new StringBuilder("<div class=\"legend\">");
    if (diff) {
      for (NodeChange c : NodeChange.values()) {
        s.append("<span class=\"key ").append(c.cssClass()).append("\">").append(c.name().toLowerCase(Locale.ROOT))
            .append("</span>");
      }
    }
    s.append("<span class=\"hint\">wheel: zoom · drag: pan · click a block to open or close it · click a node for"
        + " its attributes and shapes").append(diff ? "; its partner in the other drawing is marked" : "").append("</span>");
    return s.append("</div><div class=\"info\"><i>Click a node.</i></div>\n").toString();
  }

  private static String timing(GraphDrawing[] drawn) {
    double ms = 0;
    int boxes = 0;
    int computed = 0;
    for (GraphDrawing d : drawn) {
      ms += d.layoutMillis();
      boxes += d.boxes();
      computed += d.layoutsComputed();
    }
    return "<p class=\"note\">Layout (Eclipse ELK, layered): " + boxes + " boxes in " + millis(ms) + ", "
        + computed + " distinct levels laid out.</p>\n";
  }

  private static String row(String label, String value) {
    return "<tr><td>" + esc(label) + "</td><td class=\"r\">" + esc(value) + "</td></tr>\n";
  }

  private static void bar(StringBuilder s, String cls, int x, int y, int value, int max, int h, String title) {
    s.append("<rect class=\"bar ").append(cls).append("\" x=\"").append(x).append("\" y=\"").append(y)
        .append("\" width=\"").append(GraphDrawing.num(Math.max(value == 0 ? 0 : 1, (double) value / max * BAR_W)))
        .append("\" height=\"").append(h).append("\"><title>").append(esc(title)).append("</title></rect>");
  }

  static String millis(double ms) {
    return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
  }

  static String esc(String s) {
    return GraphDrawing.esc(s);
  }
}
