package dev.scalpel.graph.tensor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * An external data file, opened once and then only read through that open channel, never again by
 * its path.
 *
 * <p>Invariants: the file is opened with {@link LinkOption#NOFOLLOW_LINKS}, so a symbolic link put
 * in its place is refused rather than followed; once open, every read of every tensor of the file
 * goes through the same channel, so replacing or renaming the path afterwards (another file, a link
 * to a file outside the model's folder, or the writer's own output renamed over it) changes nothing
 * that is read. The channel is closed when the last tensor referring to it is unreachable (the
 * JDK's channel cleaner), or by {@link #close()}.
 *
 * <p>NOTE: opening without following links covers the file's own name; its folders were checked by
 * the reader to resolve inside the model's folder just before, which leaves only a folder swapped
 * for a link in between as a (narrow) race.
 */
public final class ExternalDataFile implements AutoCloseable {
  private final Path path;
  private volatile FileChannel channel;

  private ExternalDataFile(Path path, FileChannel channel) {
    this.path = Objects.requireNonNull(path);
    this.channel = channel;
  }

  /** Opens {@code path} now, refusing a symbolic link. */
  public static ExternalDataFile open(Path path) throws IOException {
    return new ExternalDataFile(path, FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * A file opened (without following links) on first use and then kept open: for tensors made in
   * code that point at a file that may not exist yet when the tensor is created.
   */
  public static ExternalDataFile openOnFirstUse(Path path) {
    return new ExternalDataFile(path, null);
  }

  /** The path the file had when it was opened (for messages and identity checks only). */
  public Path path() {
    return path;
  }

  /** The open channel; reads must use positional methods, as the channel is shared. */
  public FileChannel channel() throws IOException {
    FileChannel c = channel;
    if (c == null) {
      synchronized (this) {
        c = channel;
        if (c == null) {
          c = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          channel = c;
        }
      }
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    FileChannel c = channel;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
