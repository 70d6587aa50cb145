package dev.scalpel.graph.io;

import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.tensor.ExternalDataFile;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves an external-data {@code location} against the model's folder, refusing anything that
 * could read outside it: absolute paths, {@code ..} components, and links that resolve elsewhere.
 * (ONNX's own loader had path-traversal CVEs for each of these.)
 *
 * <p>Each file is opened once, right after the checks and without following a link in its place,
 * and that open file is what every tensor of it reads (see {@link ExternalDataFile}): a file swapped
 * for a link after the model was read cannot make a later write copy an outside file.
 */
final class ExternalDataLocator {
  private final Path baseDir;
  private Path realBase;
  private final Map<Path, ExternalDataFile> opened = new HashMap<>();

  ExternalDataLocator(Path baseDir) {
    this.baseDir = baseDir;
  }

  /**
   * The data file for {@code location}, checked to exist, to be a regular file and to lie inside
   * the model's folder.
   */
  ExternalDataFile resolve(String tensorName, String location) {
    if (baseDir == null) {
      throw new InvalidModelException("tensor '" + tensorName + "' keeps its data in external file '"
          + location + "', but it was not read from a file; read it from its path");
    }
    if (location.isEmpty()) {
      throw new InvalidModelException("tensor '" + tensorName + "' has external data without a location");
    }
    if (location.indexOf('\0') >= 0) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data location contains a NUL byte");
    }
    String normalizedSeparators = location.replace('\\', '/');
    if (normalizedSeparators.endsWith("/")) {
      // NOTE: ONNX Runtime refuses such a location; resolving it here would quietly drop the slash.
      throw new InvalidModelException("tensor '" + tensorName + "': external data location '" + location
          + "' ends with a path separator; it must name a file");
    }
    if (normalizedSeparators.startsWith("/") || location.matches("^[A-Za-z]:.*")) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data location '" + location
          + "' is absolute; it must be relative to the model's folder");
    }
    for (String part : normalizedSeparators.split("/")) {
      if (part.equals("..")) {
        throw new InvalidModelException("tensor '" + tensorName + "': external data location '" + location
            + "' contains '..'; it must stay inside the model's folder");
      }
    }
    Path candidate;
    try {
      candidate = baseDir.resolve(normalizedSeparators).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data location '" + location + "' is not a valid path");
    }
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data file '" + location
          + "' not found next to the model (" + candidate + ")");
    }
    Path real;
    try {
      real = candidate.toRealPath();
      if (realBase == null) {
        realBase = baseDir.toRealPath();
      }
    } catch (IOException e) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data file '" + location
          + "' cannot be opened: " + e.getMessage(), e);
    }
    if (!real.startsWith(realBase)) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data location '" + location
          + "' resolves through a link to " + real + ", outside the model's folder");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidModelException("tensor '" + tensorName + "': external data location '" + location
          + "' is not a regular file");
    }
    ExternalDataFile file = opened.get(real);
    if (file == null) {
      try {
        // NOTE: the real path has no link in it, so refusing to follow one only refuses a link
        // swapped in since toRealPath.
        file = ExternalDataFile.open(real);
      } catch (IOException e) {
        throw new InvalidModelException("tensor '" + tensorName + "': external data file '" + location
            + "' cannot be opened: " + e.getMessage(), e);
      }
      opened.put(real, file);
    }
    return file;
  }
}
