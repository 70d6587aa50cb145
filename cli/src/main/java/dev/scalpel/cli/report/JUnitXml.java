package dev.scalpel.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes one JUnit XML {@code <testsuite>}, the format CI systems (Jenkins, GitLab, GitHub
 * actions) display as test results. Text is escaped for XML 1.0, and characters XML cannot carry
 * at all (control characters, lone surrogates) become U+FFFD, so the file is always well-formed.
 */
public final class JUnitXml {
  /** How a test case ended: {@code <failure>}, {@code <error>}, {@code <skipped>} or none. */
  public enum Result { PASSED, FAILED, ERROR, SKIPPED }

  /**
   * One {@code <testcase>}.
   *
   * @param message one line, the {@code message} attribute (ignored when passed)
   * @param details the element's text, may be multi-line or empty
   */
  public record TestCase(String className, String name, double seconds, Result result, String message, String details) {
    static TestCase passed(String className, String name, double seconds) {
      return new TestCase(className, name, seconds, Result.PASSED, "", "");
    }
  }

  private JUnitXml() {}

  /** The document for a suite named {@code suite} that took {@code seconds} in all. */
  static String format(String suite, double seconds, List<TestCase> cases) {
    long failures = cases.stream().filter(c -> c.result() == Result.FAILED).count();
    long errors = cases.stream().filter(c -> c.result() == Result.ERROR).count();
    long skipped = cases.stream().filter(c -> c.result() == Result.SKIPPED).count();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"").append(escape(suite, true))
        .append("\" tests=\"").append(cases.size())
        .append("\" failures=\"").append(failures)
        .append("\" errors=\"").append(errors)
        .append("\" skipped=\"").append(skipped)
        .append("\" time=\"").append(time(seconds)).append("\">\n");
    for (TestCase c : cases) {
      x.append("  <testcase classname=\"").append(escape(c.className(), true))
          .append("\" name=\"").append(escape(c.name(), true))
          .append("\" time=\"").append(time(c.seconds())).append('"');
      if (c.result() == Result.PASSED) {
        x.append("/>\n");
        continue;
      }
      String element = c.result() == Result.FAILED ? "failure" : c.result() == Result.ERROR ? "error" : "skipped";
      x.append(">\n    <").append(element).append(" message=\"").append(escape(c.message(), true)).append('"');
      if (c.details().isEmpty()) {
        x.append("/>\n");
      } else {
        x.append('>').append(escape(c.details(), false)).append("</").append(element).append(">\n");
      }
      x.append("  </testcase>\n");
    }
    return x.append("</testsuite>\n").toString();
  }

  /** Writes {@link #format} to {@code file}, atomically. */
  public static void write(Path file, String suite, double seconds, List<TestCase> cases) throws IOException {
    ReportFile.write(file, format(suite, seconds, cases));
  }

  private static String time(double seconds) {
    return String.format(Locale.ROOT, "%.3f", Double.isFinite(seconds) ? seconds : 0);
  }

  /**
   * Escapes {@code s} for element text or, with {@code attribute}, a double-quoted attribute.
   * NOTE: in attributes, line breaks and tabs become character references, because parsers turn
   * literal ones into spaces.
   */
  public static String escape(String s, boolean attribute) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append(attribute ? "&quot;" : "\"");
        case '\n' -> sb.append(attribute ? "&#10;" : "\n");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append(attribute ? "&#9;" : "\t");
        default -> {
          boolean legal = (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
          sb.appendCodePoint(legal ? cp : 0xFFFD);
        }
      }
    }
    return sb.toString();
  }
}
