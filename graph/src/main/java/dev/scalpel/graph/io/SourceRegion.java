package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * may meanwhile name another file (for instance after the model was saved over itself). The bytes
 * are copied from the channel the reader opened, never from the path opened again.
 */
record SourceRegion(SourceFile file, long offset, long length) {

  /** A model file as it was when read. */
  static final class SourceFile {
    private final Path path;
    private final FileChannel channel;
    private final Object fileKey;
    private final long size;
    private final FileTime modified;

    private SourceFile(Path path, FileChannel channel, BasicFileAttributes attributes) {
      this.path = path;
      this.channel = channel;
      this.fileKey = attributes.fileKey();
      this.size = attributes.size();
      this.modified = attributes.lastModifiedTime();
    }

    /** The model file at {@code path}, read through {@code channel} (kept open, never reopened). */
    static SourceFile of(Path path, FileChannel channel) throws IOException {
      return new SourceFile(path, channel, Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    Path path() {
      return path;
    }

    FileChannel channel() {
      return channel;
    }

    /** Whether the path still names the same, unmodified file (false when that cannot be told). */
    boolean isUnchanged() {
      if (fileKey == null || !channel.isOpen()) {
        return false;
      }
      try {
        BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return Objects.equals(fileKey, now.fileKey()) && size == now.size() && channel.size() == size
            && modified.equals(now.lastModifiedTime());
      } catch (IOException e) {
        return false;
      }
    }
  }
}
