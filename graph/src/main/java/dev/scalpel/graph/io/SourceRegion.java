package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * Where a tensor's {@code raw_data} lies in the model file it was read from, so a writer can copy
 * it file-to-file inside the kernel instead of through memory.
 *
 * <p>The file is identified by path plus identity (file key, size, modification time) taken when
 * it was read; {@link SourceFile#isUnchanged()} must hold before the region is used, since the path
 * may meanwhile name another file (for instance after the model was saved over itself).
 */
record SourceRegion(SourceFile file, long offset, long length) {

  /** A model file as it was when read. */
  static final class SourceFile {
    private final Path path;
    private final Object fileKey;
    private final long size;
    private final FileTime modified;

    private SourceFile(Path path, BasicFileAttributes attributes) {
      this.path = path;
      this.fileKey = attributes.fileKey();
      this.size = attributes.size();
      this.modified = attributes.lastModifiedTime();
    }

    static SourceFile of(Path path) throws IOException {
      return new SourceFile(path, Files.readAttributes(path, BasicFileAttributes.class));
    }

    Path path() {
      return path;
    }

    /** Whether the path still names the same, unmodified file (false when that cannot be told). */
    boolean isUnchanged() {
      if (fileKey == null) {
        return false;
      }
      try {
        BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
        return Objects.equals(fileKey, now.fileKey()) && size == now.size()
            && modified.equals(now.lastModifiedTime());
      } catch (IOException e) {
        return false;
      }
    }
  }
}
