package dev.scalpel.runtime.inputs;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the user's input data files into one map from input name to tensor, choosing the reader by
 * extension (case-insensitive):
 *
 * <ul>
 *   <li>{@code .npy}: one tensor, named by the file's base name ({@code ids.npy} is {@code ids}) or
 *       by {@code NAME=} (see {@link InputFile}); read by {@link NpyFormat}.
 *   <li>{@code .pb}: one ONNX {@code TensorProto}, named by {@code NAME=}, else by its own name
 *       field, else by the file's base name; read by {@link TensorReader}.
 *   <li>{@code .npz}: every array of the archive, by key ({@link NpzFormat}).
 *   <li>{@code .json}: every input of the file ({@link JsonInputs}).
 * </ul>
 *
 * <p>Each tensor's {@link Tensor#name()} equals its key in the map, which keeps the order of the
 * files and of the tensors within them. A name given twice, by two files or within a {@code .npz},
 * is refused. Every failure, the file system's included, is an {@link InputDataException} naming
 * the file.
 */
public final class InputFiles {
  private InputFiles() {}

  public static Map<String, Tensor> load(List<InputFile> specs) {
    return load(specs, Map.of());
  }

  /**
   * @param declaredTypes element types of the model's inputs by name, for JSON values that do not
   *     state theirs (see {@link JsonInputs})
   */
  public static Map<String, Tensor> load(List<InputFile> specs, Map<String, DataType> declaredTypes) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<String, InputFile> givenBy = new HashMap<>();
    for (InputFile spec : specs) {
      for (Map.Entry<String, Tensor> e : loadOne(spec, declaredTypes).entrySet()) {
        InputFile earlier = givenBy.putIfAbsent(e.getKey(), spec);
        if (earlier != null) {
          throw new InputDataException("input '" + e.getKey() + "' is given twice: by " + earlier.path()
              + " and by " + spec.path());
        }
        out.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The tensors of one file, by name. */
  public static Map<String, Tensor> loadOne(InputFile spec, Map<String, DataType> declaredTypes) {
    Path file = spec.path();
    if (Files.isDirectory(file)) {
      throw new InputDataException(file + " is a folder, not an input data file");
    }
    String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    String baseName = dot <= 0 ? fileName : fileName.substring(0, dot);
    if (!extension.equals("npy") && !extension.equals("pb") && !extension.equals("npz") && !extension.equals("json")) {
      throw new InputDataException(file + ": unknown input file type; use .npy, .npz, .pb (ONNX TensorProto) or .json");
    }
    if (spec.name() != null && (extension.equals("npz") || extension.equals("json"))) {
      throw new InputDataException(spec + ": a NAME= prefix names one tensor, but a ." + extension
          + " file names its own inputs");
    }
    try {
      switch (extension) {
        case "npy": {
          String name = spec.name() != null ? spec.name() : baseName;
          return Map.of(name, NpyFormat.read(file, name));
        }
        case "pb": {
          Tensor t = TensorReader.read(file);
          String name = spec.name() != null ? spec.name() : !t.name().isEmpty() ? t.name() : baseName;
          return Map.of(name, named(t, name));
        }
        case "npz":
          return NpzFormat.read(file);
        default:
          return JsonInputs.read(file, declaredTypes);
      }
    } catch (NoSuchFileException e) {
      throw new InputDataException(file + ": no such file", e);
    } catch (IOException e) {
      throw new InputDataException(file + ": cannot be read: " + e.getMessage(), e);
    } catch (InvalidModelException e) {
      // NOTE: TensorReader reports malformed .pb files as malformed model parts; here they are input data.
      throw new InputDataException(e.getMessage(), e);
    }
  }

  /** The tensor under {@code name}, re-wrapped (without copying the data) if it carries another. */
  private static Tensor named(Tensor t, String name) {
    if (t.name().equals(name)) {
      return t;
    }
    if (t.dataType() == DataType.STRING) {
      return DenseTensor.ofStrings(name, t.dims(), t.strings());
    }
    return DenseTensor.wrap(name, t.dataType(), t.dims(), t.data());
  }
}
