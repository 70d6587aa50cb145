package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Bytes a file occupies on disk (not its length), to check that sparse files stay sparse. Java's
 * attribute views do not expose allocated blocks, so this asks coreutils' {@code stat}; empty when
 * that is not available.
 */
final class DiskUsage {
  private DiskUsage() {}

  static OptionalLong allocatedBytes(Path file) {
    try {
      Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        return OptionalLong.empty();
      }
      String[] parts = out.split(" ");
      return OptionalLong.of(Long.parseLong(parts[0]) * Long.parseLong(parts[1]));
    } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }
}
