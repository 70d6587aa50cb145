package dev.scalpel.cli;

import dev.scalpel.cli.report.html.HtmlPage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --report FILE}: a report file whose format its extension names. {@code .html} (or
 * {@code .htm}) is the one format so far: a self-contained page with the graph drawn
 * ({@link dev.scalpel.cli.report.html}). Shared by {@code simplify}, {@code check},
 * {@code validate} and {@code inspect}.
 */
final class HtmlReportOption {
  @Option(names = "--report", paramLabel = "FILE.html",
      description = "Also write a report to FILE; the extension picks the format (.html: one self-contained "
          + "page with the graphs drawn, zoomable, before and after where there are two).")
  private Path report;

  /** A page to fill, or null when no report was asked; a usage error for an unknown extension. */
  HtmlPage page(CommandSpec spec, String title) {
    if (report == null) {
      return null;
    }
    String name = report.getFileName() == null ? "" : report.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".html") && !name.endsWith(".htm")) {
      throw new ParameterException(spec.commandLine(), "--report " + report
          + ": the extension names the format, and .html is the one there is");
    }
    return new HtmlPage(title);
  }

  /** Writes {@code page} (atomically) when a report was asked. */
  void write(HtmlPage page) throws IOException {
    if (page != null) {
      page.write(report);
    }
  }
}
