package dev.scalpel.runtime.inputs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes a {@link SavedRun}: the inputs a model ran on and the outputs it gave, in one
 * file a later {@code validate --load-outputs} replays. Two layouts, chosen by extension:
 *
 * <ul>
 *   <li>{@code .npz} (NumPy, {@link NpzFormat}): entries {@code inputs/NAME.npy} and {@code
 *       outputs/NAME.npy}, so {@code numpy.load(f)["outputs/logits"]} is an output. bfloat16 is
 *       written as 2-byte void ({@code '<V2'}), as numpy.save writes ml_dtypes' bfloat16.
 *   <li>{@code .json} (UTF-8, {@link StrictJson}): an object with the members {@code "inputs"} and
 *       {@code "outputs"}, each an object mapping names to values in {@link JsonInputs}' forms;
 *       Scalpel writes typed values ({@code {"dtype", "shape", "data"}}) whose numbers read back
 *       to the same bits.
 * </ul>
 *
 * <p>A file of outputs alone is read too (for {@code --load-inputs} to give the inputs): a {@code .npz}
 * none of whose entries starts with {@code inputs/} or {@code outputs/}, a JSON object without
 * the two members, or the JSON {@code polygraphy run --save-outputs} writes ({@link
 * PolygraphyJson}; one runner, one iteration) is all outputs, by name. A {@code .npz} that mixes
 * the prefixed and plain layouts is refused, naming an entry of each. Malformed files give an {@link InputDataException} naming
 * the file.
 */
public final class SavedRunFormat {
  private static final String INPUTS = "inputs";
  private static final String OUTPUTS = "outputs";
  /**
   * The most tensor data a JSON file is written with: text takes about ten times the bytes and is
   * slow to read back; larger runs go to {@code .npz}.
   */
  public static final long JSON_MAX_DATA_BYTES = 64L << 20;

  private SavedRunFormat() {}

  /**
   * Writes the run to {@code file} ({@code .npz} or {@code .json}), streaming each tensor, through
   * a temporary file in the same folder renamed into place, so that a failed write leaves no
   * partial file.
   *
   * @param maxBytes the most tensor data (inputs and outputs) the file may hold
   * @throws SaveTooLargeException if the run holds more than {@code maxBytes} (or, for JSON, more
   *     than {@link #JSON_MAX_DATA_BYTES}); nothing is written
   * @throws IllegalArgumentException if the extension is neither, or a tensor's type cannot be
   *     saved in the format (strings in {@code .npz}; float8 and 4-bit types in either)
   */
  public static void write(SavedRun run, Path file, long maxBytes) throws IOException {
    boolean json = isJson(file);
    long bytes = run.dataBytes();
    if (bytes > maxBytes) {
      throw new SaveTooLargeException(file + ": not written: the run's tensors take " + bytes
          + " bytes, over the budget of " + maxBytes + " (raise it with --max-save-bytes)");
    }
    if (json && bytes > JSON_MAX_DATA_BYTES) {
      throw new SaveTooLargeException(file + ": not written: the run's tensors take " + bytes
          + " bytes, more than a JSON file is written with (" + JSON_MAX_DATA_BYTES + "); save as .npz");
    }
    checkSavable(run, json);
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        if (json) {
          writeJson(run, out);
        } else {
          Map<String, Tensor> entries = new LinkedHashMap<>();
          run.inputs().forEach((k, v) -> entries.put(INPUTS + "/" + k, v));
          run.outputs().forEach((k, v) -> entries.put(OUTPUTS + "/" + k, v));
          NpzFormat.write(entries, out, false);
        }
      }
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a saved run.
   *
   * @param declaredTypes element types by name of the model's inputs and outputs, for JSON values
   *     that do not state theirs
   * @throws InputDataException if the file is malformed, holds no outputs, or has another extension
   */
  public static SavedRun read(Path file, Map<String, DataType> declaredTypes) throws IOException {
    try {
      if (isJson(file)) {
        return readJson(file, declaredTypes);
      }
      return readNpz(file);
    } catch (NoSuchFileException e) {
      throw new InputDataException(file + ": no such file", e);
    } catch (IllegalArgumentException e) {
      throw new InputDataException(e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code file} names a format a run can be saved in, before anything runs.
   *
   * @throws IllegalArgumentException if its extension is neither {@code .npz} nor {@code .json}
   */
  public static void requireFormat(Path file) {
    isJson(file);
  }

  private static boolean isJson(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return true;
    }
    if (name.endsWith(".npz")) {
      return false;
    }
    throw new IllegalArgumentException(file + ": a saved run is a .npz or a .json file");
  }

  private static void checkSavable(SavedRun run, boolean json) {
    for (Map<String, Tensor> tensors : java.util.List.of(run.inputs(), run.outputs())) {
      for (Tensor t : tensors.values()) {
        if (json ? !JsonElements.SUPPORTED.contains(t.dataType()) : t.dataType() == DataType.STRING) {
          throw new IllegalArgumentException("'" + t.name() + "' is a " + t.dataType().displayName()
              + " tensor, which a " + (json ? "JSON" : ".npz") + " file cannot hold; save as "
              + (json ? ".npz" : ".json"));
        }
        if (!json) {
          NpyDescr.of(t.dataType()); // throws, naming the type, for float8 and 4-bit types
        }
      }
    }
  }

  private static void writeJson(SavedRun run, OutputStream out) throws IOException {
    try (JsonGenerator json = StrictJson.factory().createGenerator(out, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      writeTensors(INPUTS, run.inputs(), json);
      writeTensors(OUTPUTS, run.outputs(), json);
      json.writeEndObject();
    }
  }

  private static void writeTensors(String member, Map<String, Tensor> tensors, JsonGenerator json) throws IOException {
    json.writeObjectFieldStart(member);
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      json.writeObjectFieldStart(e.getKey());
      json.writeStringField("dtype", JsonInputs.dtypeName(t.dataType()));
      json.writeArrayFieldStart("shape");
      for (long d : t.dims()) {
        json.writeNumber(d);
      }
      json.writeEndArray();
      json.writeFieldName("data");
      JsonElements.writeData(t, json);
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static SavedRun readJson(Path file, Map<String, DataType> declaredTypes) throws IOException {
    JsonNode root = StrictJson.read(file);
    String source = file.toString();
    if (PolygraphyJson.isRunResults(root)) {
      return new SavedRun(Map.of(), PolygraphyJson.outputs(root, source));
    }
    if (!root.isObject()) {
      throw new InputDataException(source + ": the JSON is " + StrictJson.kind(root)
          + "; a saved run is an object with \"inputs\" and \"outputs\", or an object of outputs");
    }
    if (!root.has(OUTPUTS) || !Set.of(INPUTS, OUTPUTS).containsAll(fieldNames(root))) {
      return new SavedRun(Map.of(), JsonInputs.tensors(root, source, declaredTypes, "outputs"));
    }
    Map<String, Tensor> inputs = root.has(INPUTS)
        ? JsonInputs.tensors(root.get(INPUTS), source + ", \"inputs\"", declaredTypes, "inputs")
        : Map.of();
    Map<String, Tensor> outputs = JsonInputs.tensors(root.get(OUTPUTS), source + ", \"outputs\"", declaredTypes, "outputs");
    return new SavedRun(inputs, outputs);
  }

  private static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static SavedRun readNpz(Path file) throws IOException {
    Map<String, Tensor> all = NpzFormat.read(file);
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    Map<String, Tensor> outputs = new LinkedHashMap<>();
    String plain = null;
    String prefixed = null;
    for (Map.Entry<String, Tensor> e : all.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(INPUTS + "/")) {
        prefixed = key;
        String name = key.substring(INPUTS.length() + 1);
        inputs.put(name, renamed(e.getValue(), name));
      } else if (key.startsWith(OUTPUTS + "/")) {
        prefixed = key;
        String name = key.substring(OUTPUTS.length() + 1);
        outputs.put(name, renamed(e.getValue(), name));
      } else {
        plain = key;
      }
    }
    if (prefixed == null) {
      return new SavedRun(Map.of(), all);
    }
    if (plain != null) {
      throw new InputDataException(file + ": entry '" + plain + ".npy' is neither under inputs/ nor outputs/, but '"
          + prefixed + ".npy' is; a saved run puts every array under one of the two, or none");
    }
    if (outputs.isEmpty()) {
      throw new InputDataException(file + ": the archive holds inputs but no outputs/ entries");
    }
    return new SavedRun(inputs, outputs);
  }

  /** The tensor under {@code name}, re-wrapped without copying (npz keys carry the prefix). */
  private static Tensor renamed(Tensor t, String name) {
    return DenseTensor.wrap(name, t.dataType(), t.dims(), t.data());
  }
}
