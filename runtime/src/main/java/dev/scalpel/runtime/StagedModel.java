package dev.scalpel.runtime;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.ExistingOutput;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.StagedFiles;
import dev.scalpel.graph.io.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A model written to a staging folder of its own, so that ONNX Runtime loads it by path and
 * memory-maps its external data instead of taking it as one protobuf byte array (which holds every
 * weight on the JVM heap and cannot exceed 2 GiB).
 *
 * <p>Invariants: the folder holds only what this object wrote; {@link #close()} deletes it with
 * everything still in it, whatever happened before; {@link #commitTo(Path)} moves the model and
 * its data files to their final folder with one rename each (data files first, under names the
 * replaced model does not read, the model last; see {@link OnnxWriter}), so a reader never sees a
 * half-written file nor a model with another model's data, and a failed commit removes the files it
 * had created. A staging folder beside a target is named as {@link StagedFiles#tempSibling} says, so
 * that one left by a killed run is removed by the next write of the same output.
 */
public final class StagedModel implements AutoCloseable {
  /**
   * In-memory models whose initializers hold more than this are staged rather than serialized to
   * bytes for ONNX Runtime. NOTE: far below protobuf's 2 GiB limit, because serializing copies every
   * byte onto the heap (and ONNX Runtime copies it again).
   */
  public static final long IN_MEMORY_LIMIT = 64L << 20;

  private final Path folder;
  private final Path file;
  private final OnnxWriter.WriteReport written;
  private final boolean createdParent;
  private final Model model;
  private final WriteOptions layout;
  private final ExistingOutput replaced;
  private boolean committed;

  private StagedModel(Path folder, Path file, OnnxWriter.WriteReport written, boolean createdParent, Model model,
      WriteOptions layout, ExistingOutput replaced) {
    this.folder = folder;
    this.file = file;
    this.written = written;
    this.createdParent = createdParent;
    this.model = model;
    this.layout = layout;
    this.replaced = replaced;
  }

  /**
   * Stages {@code model} in a new folder under the system's temporary folder, every initializer of
   * at least 1 KiB in one external data file.
   */
  public static StagedModel inTemporaryFolder(Model model) throws IOException {
    Path folder = Files.createTempDirectory("scalpel-staged-");
    Path file = folder.resolve("model.onnx");
    return writeInto(folder, file, file, model,
        WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL).withReplaceInputs(true), false);
  }

  /**
   * Stages {@code model} as it will be written to {@code target}: in a hidden folder beside it
   * ({@code .scalpel-tmp-PID-KEY-RANDOM.staging}), under the target's file name, laid out as {@code
   * layout} says (data names as the commit needs them), so that the file validated is the file
   * {@link #commitTo} moves into place.
   *
   * @throws dev.scalpel.graph.io.InputReplacementException if a file to write is one of the inputs
   *     ({@link WriteOptions#inputFiles()}) or their data, before anything is written
   */
  public static StagedModel besideTarget(Model model, Path target, WriteOptions layout) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot write " + target + ": it is a folder");
    }
    boolean createdParent = !Files.isDirectory(parent);
    Files.createDirectories(parent);
    Path folder;
    do {
      folder = StagedFiles.tempSibling(absolute, absolute.getFileName().toString(), ".staging");
    } while (Files.exists(folder, LinkOption.NOFOLLOW_LINKS));
    try {
      Files.createDirectory(folder);
    } catch (IOException e) {
      throw StagedFiles.namingTarget(e, absolute);
    }
    return writeInto(folder, folder.resolve(absolute.getFileName().toString()), absolute, model, layout, createdParent);
  }

  private static StagedModel writeInto(Path folder, Path file, Path finalTarget, Model model, WriteOptions layout,
      boolean createdParent) throws IOException {
    StagedModel staged = new StagedModel(folder, file, null, createdParent, model, layout, null);
    try {
      ExistingOutput replaced = ExistingOutput.at(finalTarget);
      OnnxWriter.WriteReport written = OnnxWriter.writeFor(model, file, finalTarget, replaced, layout);
      return new StagedModel(folder, file, written, createdParent, model, layout, replaced);
    } catch (IOException | RuntimeException e) {
      staged.close();
      throw e;
    }
  }

  /**
   * Whether ONNX Runtime should load {@code model} from a staged file rather than from bytes: some
   * initializer (of any graph) lives in an external file, or all of them together exceed {@link
   * #IN_MEMORY_LIMIT}.
   */
  public static boolean worthStaging(Model model) {
    long bytes = 0;
    List<Graph> graphs = new ArrayList<>();
    graphs.add(model.graph());
    for (Node n : model.graph().allNodes()) {
      graphs.addAll(n.subgraphs());
    }
    for (Graph g : graphs) {
      for (Value v : g.initializers()) {
        var t = v.initializer().orElseThrow();
        if (t.isExternal()) {
          return true;
        }
        bytes += t.byteSize();
      }
    }
    return bytes > IN_MEMORY_LIMIT;
  }

  /** The staged model file. */
  public Path file() {
    return file;
  }

  /** The staging folder (deleted by {@link #close()}). */
  public Path folder() {
    return folder;
  }

  /** What the writer wrote into the staging folder. */
  public OnnxWriter.WriteReport written() {
    return written;
  }

  /**
   * Moves the staged files to {@code target}'s folder, the model to {@code target} itself and each
   * data file to the same name relative to it; replaces existing files.
   *
   * @return the write report with the final paths
   */
  public OnnxWriter.WriteReport commitTo(Path target) throws IOException {
    if (committed) {
      throw new IllegalStateException("already committed");
    }
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    Map<Path, Long> dataFiles = new LinkedHashMap<>();
    try (StagedFiles moves = new StagedFiles()) {
      for (Map.Entry<Path, Long> e : written.dataFiles().entrySet()) {
        Path finalPath = parent.resolve(folder.relativize(e.getKey()));
        Files.createDirectories(finalPath.getParent());
        moves.adopt(e.getKey(), finalPath);
        dataFiles.put(finalPath, e.getValue());
      }
      moves.adopt(file, absolute);
      moves.commit();
    }
    committed = true;
    OnnxWriter.WriteReport report = new OnnxWriter.WriteReport(absolute, written.modelBytes(), dataFiles);
    replaced.deleteReplaced(model, report, layout);
    return report;
  }

  /** Deletes the staging folder and whatever is left in it. */
  @Override
  public void close() {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
      if (createdParent && !committed) {
        deleteIfEmpty(folder.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the staging folder " + folder, e);
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // NOTE: not empty (something else was written there meanwhile): leave it.
    }
  }
}
