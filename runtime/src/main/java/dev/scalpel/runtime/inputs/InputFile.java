package dev.scalpel.runtime.inputs;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One input data file as the user names it: {@code PATH}, or {@code NAME=PATH} to give the tensor
 * of a {@code .npy} or {@code .pb} file the input name {@code NAME}. {@code name} is null when no
 * name was given, and never empty.
 */
public record InputFile(String name, Path path) {

  public InputFile {
    Objects.requireNonNull(path, "path");
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("an input name may not be empty");
    }
  }

  public static InputFile of(Path path) {
    return new InputFile(null, path);
  }

  /**
   * Parses {@code PATH} or {@code NAME=PATH}. Text that names an existing file is taken as a path
   * even if it contains {@code =}; otherwise the first {@code =} separates name and path.
   *
   * @throws InputDataException if the text is empty, has an empty name or is not a valid path
   */
  public static InputFile parse(String text) {
    try {
      int eq = text.indexOf('=');
      if (eq < 0 || Files.exists(Path.of(text))) {
        if (text.isEmpty()) {
          throw new InputDataException("an input file must be named");
        }
        return of(Path.of(text));
      }
      if (eq == 0) {
        throw new InputDataException("'" + text + "': the input name before '=' is empty");
      }
      if (eq == text.length() - 1) {
        throw new InputDataException("'" + text + "': no file after '='");
      }
      return new InputFile(text.substring(0, eq), Path.of(text.substring(eq + 1)));
    } catch (InvalidPathException e) {
      throw new InputDataException("'" + text + "' is not a valid path: " + e.getReason());
    }
  }

  @Override
  public String toString() {
    return name == null ? path.toString() : name + "=" + path;
  }
}
