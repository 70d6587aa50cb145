package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output files written first as temporary files beside their targets and renamed into place
 * together by {@link #commit()}.
 *
 * <p>Invariants: a target that is a folder is refused before anything is written for it; if
 * {@link #commit()} fails, every target it had created is deleted again; {@link #close()} deletes
 * every temporary file not yet renamed. So a failed write leaves no temporary files and no new
 * output files (a target that existed before and was already replaced stays replaced).
 *
 * <p>Used by {@link OnnxWriter} for a model and its data files, and by anything else that must
 * never leave a half-written file (reports, for one).
 */
public final class StagedFiles implements AutoCloseable {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Map<Path, Path> pending = new LinkedHashMap<>(); // temp -> target

  /** A new empty temporary file that {@link #commit()} will rename to {@code target}. */
  public Path stage(Path target) throws IOException {
    refuseFolder(target);
    // NOTE: not Files.createTempFile, which makes the file owner-only; outputs get the usual
    // permissions (umask), as any other file the user creates.
    Path temp;
    do {
      temp = target.resolveSibling("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
    } while (Files.exists(temp, LinkOption.NOFOLLOW_LINKS));
    Files.createFile(temp);
    pending.put(temp, target);
    return temp;
  }

  /**
   * Takes over {@code file}, already complete, so that {@link #commit()} renames it to {@code
   * target} (or {@link #close()} deletes it). It must be on the target's file system, so that the
   * rename is atomic.
   */
  public void adopt(Path file, Path target) throws IOException {
    refuseFolder(target);
    pending.put(file, target);
  }

  /** Renames every staged file to its target, in staging order. */
  public void commit() throws IOException {
    for (Path target : pending.values()) {
      // NOTE: checked again here because the folder may have changed while the data was written.
      refuseFolder(target);
    }
    List<Path> created = new ArrayList<>();
    try {
      for (Map.Entry<Path, Path> e : List.copyOf(pending.entrySet())) {
        boolean existed = Files.exists(e.getValue(), LinkOption.NOFOLLOW_LINKS);
        move(e.getKey(), e.getValue());
        pending.remove(e.getKey());
        if (!existed) {
          created.add(e.getValue());
        }
      }
    } catch (IOException e) {
      for (Path p : created) {
        Files.deleteIfExists(p);
      }
      throw e;
    }
  }

  /** Deletes the temporary files that were not committed. */
  @Override
  public void close() throws IOException {
    for (Path temp : pending.keySet()) {
      Files.deleteIfExists(temp);
    }
    pending.clear();
  }

  private static void refuseFolder(Path target) throws IOException {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot write " + target + ": it is a folder");
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
