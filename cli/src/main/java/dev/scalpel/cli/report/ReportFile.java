package dev.scalpel.cli.report;

import dev.scalpel.graph.io.StagedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a report file (JUnit XML, HTML) atomically through {@link StagedFiles}: a CI system never reads
 * a half-written report, and a failed write leaves the previous report and no temporary file; the
 * temporary file of a killed run is removed by the next write of the same report.
 */
public final class ReportFile {
  private ReportFile() {}

  public static void write(Path target, String text) throws IOException {
    Path absolute = target.toAbsolutePath();
    StagedFiles.removeStale(absolute.getParent(), absolute.getFileName().toString());
    try (StagedFiles staged = new StagedFiles()) {
      Files.writeString(staged.stage(absolute), text, StandardCharsets.UTF_8);
      staged.commit();
    }
  }
}
