package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Output files written first as temporary files beside their targets and renamed into place
 * together by {@link #commit()}.
 *
 * <p>Invariants: a target that is a folder is refused before anything is written for it; {@link
 * #commit()} makes every staged file durable (fsync) before the first rename, renames in staging
 * order, and makes the folders durable before the last rename and after it, so the last file staged
 * (the model) never reaches the disk before the files it refers to; if {@link #commit()} fails,
 * every target it had created is deleted again; {@link #close()} deletes every temporary file not
 * yet renamed. So a failed write leaves no temporary files and no new output files (a target that
 * existed before and was already replaced stays replaced).
 *
 * <p>Temporary files are named {@code .scalpel-tmp-PID-KEY-RANDOM} (KEY a hash of the output's
 * file name), so that a run killed before it could delete them leaves files that the next write of
 * the same output recognises and removes ({@link #removeStale}) once process PID is gone.
 *
 * <p>Used by {@link OnnxWriter} for a model and its data files, and by anything else that must
 * never leave a half-written file (reports, for one).
 */
public final class StagedFiles implements AutoCloseable {
  /** The prefix of every temporary file or folder Scalpel writes beside an output. */
  public static final String TEMP_PREFIX = ".scalpel-tmp-";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<Path, Path> pending = new LinkedHashMap<>(); // temp -> target
  private final String output;
  private final boolean durable;

  /** Files staged for the output named by each target's own file name. */
  public StagedFiles() {
    this.output = null;
    this.durable = true;
  }

  /** Files that belong to {@code output} (a model and its data files): their temporaries carry its key. */
  public StagedFiles(Path output) {
    this(output, true);
  }

  /**
   * @param durable whether {@link #commit()} syncs files and folders (see {@link WriteOptions#durable});
   *     without, the staging and the order of the renames still hold against a killed process
   */
  public StagedFiles(Path output, boolean durable) {
    this.output = output.getFileName().toString();
    this.durable = durable;
  }

  /** A new empty temporary file that {@link #commit()} will rename to {@code target}. */
  public Path stage(Path target) throws IOException {
    return open(target).path();
  }

  /** A staged temporary file and the channel it was created through, open for writing. */
  public record Staged(Path path, FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * {@link #stage} with the new file left open for writing: the caller writes through the
   * channel and closes it (before {@link #commit()}), with no second open by path.
   */
  public Staged open(Path target) throws IOException {
    refuseFolder(target);
    // NOTE: not Files.createTempFile, which makes the file owner-only; outputs get the usual
    // permissions (umask), as any other file the user creates. CREATE_NEW never opens an existing
    // file or follows a link; a name taken meanwhile just draws another.
    String name = output != null ? output : target.getFileName().toString();
    while (true) {
      Path temp = tempSibling(target, name, "");
      try {
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        pending.put(temp, target);
        return new Staged(temp, channel);
      } catch (FileAlreadyExistsException taken) {
        // draw another name
      }
    }
  }

  /**
   * A fresh (not yet existing) path beside {@code sibling} for a temporary file or folder of the
   * output named {@code outputName}, ending in {@code suffix}: what {@link #removeStale} removes once
   * this process is gone.
   */
  public static Path tempSibling(Path sibling, String outputName, String suffix) {
    return sibling.resolveSibling(TEMP_PREFIX + ProcessHandle.current().pid() + "-" + key(outputName) + "-"
        // NOTE: 63 random bits, so the number is positive and printed without Long.toUnsignedString's
        // BigInteger detour.
        + Long.toString(RANDOM.nextLong() >>> 1, 36) + suffix);
  }

  /**
   * Deletes the temporary files and folders in {@code folder} that a write of {@code outputName}
   * left behind in a process that no longer runs (killed, say). Those of live processes, and
   * anything not named by {@link #tempSibling}, are left alone; links are deleted, never followed.
   *
   * @return how many entries were removed
   */
  public static int removeStale(Path folder, String outputName) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    String key = key(outputName);
    List<Path> stale = new ArrayList<>();
    // NOTE: a plain prefix test, not the glob TEMP_PREFIX + "*": the same names without compiling a
    // pattern on every write.
    DirectoryStream.Filter<Path> temporaries = p -> p.getFileName().toString().startsWith(TEMP_PREFIX);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, temporaries)) {
      for (Path p : entries) {
        String[] parts = p.getFileName().toString().substring(TEMP_PREFIX.length()).split("-", 3);
        if (parts.length < 3 || !parts[1].equals(key)) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
          continue;
        }
        // NOTE: this JVM's own temporaries belong to writes still in progress; a live PID may be
        // a reused one, and then its files stay until it is gone (never deleted while in use).
        if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        stale.add(p);
      }
    }
    for (Path p : stale) {
      deleteTree(p);
    }
    return stale.size();
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(q);
        }
      }
    } else {
      Files.deleteIfExists(p);
    }
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

  /**
   * Makes every staged file durable (unless built not to), then renames each to its target, in
   * staging order.
   */
  public void commit() throws IOException {
    // NOTE: checked again here because the folder may have changed while the data was written;
    // the same look tells which targets exist already (those are not deleted if commit fails).
    Set<Path> existed = new HashSet<>();
    for (Path target : pending.values()) {
      BasicFileAttributes attributes = attributesOrNull(target);
      if (attributes != null && attributes.isDirectory()) {
        throw folderRefusal(target);
      }
      if (attributes != null) {
        existed.add(target);
      }
    }
    if (durable) {
      for (Path temp : pending.keySet()) {
        forceFile(temp);
      }
    }
    Set<Path> folders = new LinkedHashSet<>();
    for (Path temp : pending.keySet()) {
      folders.add(temp.toAbsolutePath().getParent());
    }
    for (Path target : pending.values()) {
      folders.add(target.toAbsolutePath().getParent());
    }
    List<Path> created = new ArrayList<>();
    List<Map.Entry<Path, Path>> moves = List.copyOf(pending.entrySet());
    try {
      for (int i = 0; i < moves.size(); i++) {
        Map.Entry<Path, Path> e = moves.get(i);
        if (i == moves.size() - 1 && i > 0 && durable) {
          // NOTE: the files renamed so far must be on disk under their names before the last
          // one (the model that refers to them) can be.
          forceFolders(folders);
        }
        move(e.getKey(), e.getValue());
        pending.remove(e.getKey());
        if (!existed.contains(e.getValue())) {
          created.add(e.getValue());
        }
      }
      if (durable) {
        forceFolders(folders);
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

  /** fsync of one file. */
  static void forceFile(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ch.force(true);
    }
  }

  /**
   * fsync of folders, so that renames in them are durable. NOTE: Linux and macOS allow it on a
   * folder opened for reading; where the platform refuses (Windows), renames are durable anyway
   * or cannot be made so from Java, and the refusal is ignored.
   */
  static void forceFolders(Set<Path> folders) {
    for (Path folder : folders) {
      try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException ignored) {
        // see the note above
      }
    }
  }

  /**
   * {@code failure} (met while writing {@code target} through temporaries) as the user sees it: a
   * {@link FileSystemException} naming {@code target}, never a temporary's name, with the reason.
   * Failures that are not about a file (or already about {@code target}) are returned as they are.
   */
  public static IOException namingTarget(IOException failure, Path target) {
    if (!(failure instanceof FileSystemException fs) || fs.getFile() == null
        || !fs.getFile().contains(TEMP_PREFIX)) {
      return failure;
    }
    String reason;
    if (fs instanceof java.nio.file.NoSuchFileException) {
      reason = "cannot write: its folder does not exist or cannot hold files";
    } else if (fs instanceof java.nio.file.AccessDeniedException) {
      reason = "cannot write: permission denied";
    } else {
      reason = "cannot write" + (fs.getReason() == null ? "" : ": " + fs.getReason());
    }
    FileSystemException named = new FileSystemException(target.toString(), null, reason);
    named.initCause(failure);
    return named;
  }

  private static String key(String outputName) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(outputName.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  private static void refuseFolder(Path target) throws IOException {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw folderRefusal(target);
    }
  }

  private static IOException folderRefusal(Path target) {
    return new IOException("cannot write " + target + ": it is a folder");
  }

  /** {@code path}'s own attributes (a link is not followed), or null when nothing is there. */
  private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return null;
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
