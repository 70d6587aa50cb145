package dev.scalpel.graph.io;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The model a write is about to replace (or any model file), as far as its files go: the external
 * data files it reads.
 *
 * <p>A writer must not rename a new data file over one of these before the new model is in place:
 * a kill in between would leave the old model reading new data, both loadable, the weights silently
 * wrong. So new data files take names this model does not read ({@link #names()}), and these files
 * are deleted only after the new model is in place ({@link #deleteReplaced}).
 *
 * <p>A file that is missing or not a readable model reads nothing: there is nothing to keep
 * consistent with it.
 */
public final class ExistingOutput {
  private final Path folder;
  private final Set<Path> dataFiles;

  private ExistingOutput(Path folder, Set<Path> dataFiles) {
    this.folder = folder;
    this.dataFiles = dataFiles;
  }

  /** The data files the model at {@code modelFile} reads (none when it is absent or unreadable). */
  public static ExistingOutput at(Path modelFile) {
    Path absolute = modelFile.toAbsolutePath();
    Set<Path> files = new LinkedHashSet<>();
    if (Files.isRegularFile(absolute)) {
      try {
        Model model = OnnxReader.read(absolute);
        for (ExternalTensor t : externalTensors(model)) {
          files.add(t.file());
          t.dataFile().close();
        }
      } catch (IOException | RuntimeException e) {
        // NOTE: an unreadable model reads nothing; see the class comment.
      }
    }
    return new ExistingOutput(absolute.getParent(), files);
  }

  /** Every external tensor of {@code model}: initializers and attribute tensors of every graph. */
  static Set<ExternalTensor> externalTensors(Model model) {
    Set<ExternalTensor> out = new LinkedHashSet<>();
    for (Graph g : model.graph().allGraphs()) {
      for (Value v : g.initializers()) {
        if (v.initializer().orElseThrow() instanceof ExternalTensor ext) {
          out.add(ext);
        }
      }
      for (Node n : g) {
        for (Attribute a : n.attributes().values()) {
          if (a instanceof Attribute.TensorAttr t && t.value() instanceof ExternalTensor ext) {
            out.add(ext);
          } else if (a instanceof Attribute.TensorsAttr ts) {
            for (Tensor t : ts.value()) {
              if (t instanceof ExternalTensor ext) {
                out.add(ext);
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The data files it reads (real paths). */
  public Set<Path> dataFiles() {
    return Set.copyOf(dataFiles);
  }

  /** Lower-case names of the data files it reads directly in its own folder: names a new data file must not take. */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Path p : dataFiles) {
      if (inFolder(p)) {
        names.add(p.getFileName().toString().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /**
   * Deletes the data files in the model's own folder that it read, except those the new model
   * {@code written} (as {@code report} says) reads and the files {@code options} protect (the inputs,
   * their data and the files {@code written} was read from; with {@link
   * WriteOptions#replaceInputs()}, only the data of inputs other than the output). Called once the
   * new model is in place. NOTE: data files in subfolders are left alone: Scalpel never writes
   * there, and another model may share them.
   */
  public void deleteReplaced(Model written, OnnxWriter.WriteReport report, WriteOptions options) throws IOException {
    List<Path> files = new ArrayList<>(report.dataFiles().keySet());
    files.add(report.model());
    List<Path> keep = new ArrayList<>();
    if (options.replaceInputs()) {
      // NOTE: the inputs may go, but not the data of another input still on disk; the model in
      // memory reads its data through open files, so deleting their paths does not affect it.
      for (Path input : options.inputFiles()) {
        if (!sameAsAny(input, List.of(report.model()))) {
          keep.addAll(at(input).dataFiles());
        }
      }
    } else {
      keep.addAll(InputProtection.of(written, options).files());
    }
    deleteReplaced(files, keep);
  }

  void deleteReplaced(Collection<Path> written, Collection<Path> keep) throws IOException {
    for (Path old : dataFiles) {
      if (!inFolder(old) || !Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (sameAsAny(old, written) || sameAsAny(old, keep)) {
        continue;
      }
      Files.deleteIfExists(old);
    }
  }

  private boolean inFolder(Path p) {
    try {
      return p.getParent() != null && Files.isSameFile(p.getParent(), folder);
    } catch (IOException e) {
      return false;
    }
  }

  static boolean sameAsAny(Path p, Collection<Path> others) {
    for (Path o : others) {
      try {
        if (Files.exists(o, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(p, o)) {
          return true;
        }
      } catch (IOException ignored) {
        // NOTE: cannot tell: not the same as far as we know.
      }
    }
    return false;
  }
}
