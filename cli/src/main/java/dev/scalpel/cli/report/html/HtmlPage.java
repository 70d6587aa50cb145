package dev.scalpel.cli.report.html;

import dev.scalpel.cli.report.ReportFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One self-contained HTML report: the sections a command adds, with the style sheet and the
 * script (zoom, pan, blocks that open in place, node details) inlined from this package's
 * resources. Nothing is fetched: the page's Content-Security-Policy forbids every network request,
 * so a report opened from a CI artefact shows exactly what was written.
 */
public final class HtmlPage {
  private final String title;
  private final StringBuilder body = new StringBuilder();

  public HtmlPage(String title) {
    this.title = title;
  }

  /** Appends an HTML fragment (from {@link ReportSections}). */
  public HtmlPage add(String html) {
    body.append(html);
    return this;
  }

  public String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        + "script-src 'unsafe-inline'; img-src data:\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + GraphDrawing.esc(title) + "</title>\n<style>\n" + resource("report.css") + "</style>\n</head>\n"
        + "<body>\n<h1>" + GraphDrawing.esc(title) + "</h1>\n" + body + "<script>\n" + resource("report.js")
        + "</script>\n</body></html>\n";
  }

  /** Writes the page to {@code file}, atomically. */
  public void write(Path file) throws IOException {
    ReportFile.write(file, render());
  }

  private static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " of the HTML report");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
