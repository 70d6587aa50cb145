package dev.scalpel.graph.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        // NOTE: a model with no tensor marked external anywhere reads no data file; most outputs
        // are such models, and a scan tells so for a fraction of the cost of reading one.
        if (!mayReadDataFiles(absolute)) {
          return new ExistingOutput(absolute.getParent(), files);
        }
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

  // NOTE: the field numbers of onnx.proto that lead to tensors, for the scan below.
  private enum Message { MODEL, GRAPH, NODE, ATTRIBUTE, TENSOR, SPARSE_TENSOR, FUNCTION, TRAINING_INFO }

  private static final int RECURSION_LIMIT = 400;
  private static final int DATA_LOCATION_EXTERNAL = 1;

  /**
   * Whether the model file {@code file} may hold a tensor whose data is external: true when any
   * tensor of it (initializers, sparse initializers and attribute tensors of every graph, subgraph,
   * function and training graph) is marked EXTERNAL or has external_data entries, and when the
   * file cannot be scanned. So false only for a file of which {@link OnnxReader} reads no {@link
   * ExternalTensor}.
   *
   * <p>NOTE: a scan of the wire format that skips every other field, instead of a parse: most
   * outputs have no external data, and this costs a fraction of building their protobuf message.
   */
  private static boolean mayReadDataFiles(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        return true;
      }
      return anyExternal(CodedInputStream.newInstance(ModelFileBytes.of(ch, size)), Message.MODEL, 0);
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** Scans one message of type {@code type} up to the stream's limit. */
  private static boolean anyExternal(CodedInputStream in, Message type, int depth) throws IOException {
    if (depth > RECURSION_LIMIT) {
      throw new IOException("nested too deeply");
    }
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return false;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      if (type == Message.TENSOR && field == 13) {
        return true;
      }
      if (type == Message.TENSOR && field == 14 && wire == WireFormat.WIRETYPE_VARINT) {
        if (in.readEnum() == DATA_LOCATION_EXTERNAL) {
          return true;
        }
        continue;
      }
      Message child = wire == WireFormat.WIRETYPE_LENGTH_DELIMITED ? child(type, field) : null;
      if (child == null) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      if (anyExternal(in, child, depth + 1)) {
        return true;
      }
      in.popLimit(limit);
    }
  }

  /** The type of field {@code field} of a {@code type} message when it may lead to a tensor, else null. */
  private static Message child(Message type, int field) {
    return switch (type) {
      case MODEL -> field == 7 ? Message.GRAPH : field == 25 ? Message.FUNCTION
          : field == 20 ? Message.TRAINING_INFO : null;
      case GRAPH -> field == 1 ? Message.NODE : field == 5 ? Message.TENSOR : field == 15 ? Message.SPARSE_TENSOR : null;
      case NODE -> field == 5 ? Message.ATTRIBUTE : null;
      case ATTRIBUTE -> field == 5 || field == 10 ? Message.TENSOR : field == 6 || field == 11 ? Message.GRAPH
          : field == 22 || field == 23 ? Message.SPARSE_TENSOR : null;
      case SPARSE_TENSOR -> field == 1 || field == 2 ? Message.TENSOR : null;
      case FUNCTION -> field == 7 ? Message.NODE : field == 11 ? Message.ATTRIBUTE : null;
      case TRAINING_INFO -> field == 1 || field == 2 ? Message.GRAPH : null;
      case TENSOR -> null;
    };
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
