package dev.scalpel.cli.report.html;

import dev.scalpel.cli.ModelCheck;
import dev.scalpel.cli.SimplifiedModel;
import dev.scalpel.cli.Validation;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.Analyses;
import dev.scalpel.runtime.simplify.ModelStats;
import dev.scalpel.runtime.simplify.SimplifyReport;
import dev.scalpel.runtime.simplify.SimplifyResult;

/**
 * What each command's HTML report shows for one model, put together from {@link ReportSections}.
 * The ids of a model's drawings start with {@code m<index>} so that several models share a page.
 */
public final class ModelReports {
  private ModelReports() {}

  /** {@code simplify}: the table, the operator chart, the passes, the check, the graph before and after. */
  public static String simplified(int index, SimplifiedModel m, Model before) {
    SimplifyReport r = m.result().report();
    boolean ok = r.passed();
    StringBuilder s = new StringBuilder(ReportSections.heading(m.input() + " → " + m.target(),
        m.validation() == null ? "not validated" : ok ? "equivalent" : "outputs differ, nothing written",
        m.validation() == null ? null : ok));
    s.append(sizesAndPasses(r));
    s.append(section("Validation", m.validation() == null ? ReportSections.note("off (--no-validate)")
        : ReportSections.validation(m.validation())));
    s.append(section("Graph", ReportSections.graphs(typed(before), typed(m.result().model()), "m" + index,
        "before", "after")));
    return s.toString();
  }

  /**
   * {@code check}: its stages and, when the simplify stage ran, the simplification as {@code
   * simplify} shows it; else the model drawn alone.
   */
  public static String checked(int index, ModelCheck c, Model model, SimplifyResult simplified) {
    StringBuilder s = new StringBuilder(ReportSections.heading(c.file(), c.passed() ? "passed" : "failed", c.passed()));
    s.append(section("Stages", ReportSections.stages(c)));
    if (model == null) {
      return s.toString();
    }
    if (simplified == null) {
      ModelStats stats = ModelStats.of(model);
      s.append(section("Model", ReportSections.statsTable(stats),
          ReportSections.operatorChart(stats.operators())));
      s.append(section("Graph", ReportSections.graph(typed(model), "m" + index, "model")));
      return s.toString();
    }
    s.append(sizesAndPasses(simplified.report()));
    s.append(section("Graph", ReportSections.graphs(typed(model), typed(simplified.model()), "m" + index,
        "model", "simplified (not written)")));
    return s.toString();
  }

  /** {@code validate}: the verdict with a row per output, and the two graphs paired. */
  public static String validated(Validation v, Model original, Model rewritten) {
    StringBuilder s = new StringBuilder(ReportSections.heading(v.original() + " vs " + v.rewritten(),
        v.report().passed() ? "equivalent" : "different", v.report().passed()));
    s.append(section("Validation", ReportSections.validation(v)));
    ModelStats b = ModelStats.of(original);
    ModelStats a = ModelStats.of(rewritten);
    s.append(section("Sizes", ReportSections.statsTable(b, a), ReportSections.operatorChart(b.operators(), a.operators())));
    s.append(section("Graph", ReportSections.graphs(typed(original), typed(rewritten), "m0", "original", "rewritten")));
    return s.toString();
  }

  /** {@code inspect}: sizes, operators and the graph of one model. */
  public static String inspected(int index, String file, Model model) {
    ModelStats stats = ModelStats.of(model);
    return ReportSections.heading(file, null, null)
        + section("Model", ReportSections.statsTable(stats), ReportSections.operatorChart(stats.operators()))
        + section("Graph", ReportSections.graph(typed(model), "m" + index, "graph"));
  }

  /** A model that could not be reported on: its name and the one-line error. */
  public static String failed(String file, String message) {
    return ReportSections.heading(file, "error", false) + ReportSections.note(message);
  }

  private static String sizesAndPasses(SimplifyReport r) {
    return section("Sizes", ReportSections.statsTable(r.before(), r.after()),
        ReportSections.operatorChart(r.before().operators(), r.after().operators()))
        + section("Passes", ReportSections.passes(r));
  }

  /** A section; the one headed "Graph" is {@code section.graph}, which the page's {@code #graph} view keeps alone. */
  private static String section(String heading, String... fragments) {
    StringBuilder s = new StringBuilder(heading.equals("Graph") ? "<section class=\"graph\">" : "<section>")
        .append("<h3>").append(GraphDrawing.esc(heading)).append("</h3>\n");
    for (String f : fragments) {
      s.append(f);
    }
    return s.append("</section>\n").toString();
  }

  /**
   * The model with the types shape inference gives its values, so a click shows shapes that the
   * file does not declare. NOTE: writes the types into {@code model} (through {@link Analyses}, the
   * owner of inference); the commands call this only on models they are done with. A model
   * inference cannot type is shown with its declared types.
   */
  private static Model typed(Model model) {
    try {
      new Analyses().shapes(model);
    } catch (RuntimeException e) {
      // NOTE: the drawing does not need inferred types; declared ones are shown instead.
    }
    return model;
  }
}
