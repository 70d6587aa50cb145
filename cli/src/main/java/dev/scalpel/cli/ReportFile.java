package dev.scalpel.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Writes a report file (JUnit XML) atomically: the text goes to a temporary file beside the
 * target, which is then renamed over it, so a CI system never reads a half-written report and a
 * failed write leaves the previous report and no temporary file.
 *
 * <p>NOTE: the graph module's StagedFiles does this for model files but is internal to its
 * package; a report is one small text file, so this is the one-file case only.
 */
final class ReportFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReportFile() {}

  static void write(Path target, String text) throws IOException {
    if (Files.isDirectory(target)) {
      throw new IOException("cannot write " + target + ": it is a folder");
    }
    Path absolute = target.toAbsolutePath();
    Path temp;
    do {
      temp = absolute.resolveSibling("." + absolute.getFileName() + "."
          + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
    } while (Files.exists(temp, LinkOption.NOFOLLOW_LINKS));
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
