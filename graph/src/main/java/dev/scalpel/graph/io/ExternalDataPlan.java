package dev.scalpel.graph.io;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.WriteOptions.Layout;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before anything is written, which initializers go to which external data file at which
 * (aligned) offset, and checks that the result can be written: the inline part fits protobuf's
 * 2 GiB limit, and no data file to be written is one the model still reads from.
 */
final class ExternalDataPlan {
  /** Inline bytes above which a model cannot be one protobuf message (with headroom for structure). */
  static final long PROTOBUF_LIMIT = (1L << 31) - 1 - (64L << 20);

  /** Where one initializer's data goes. */
  record Placement(String fileName, long offset, long length) {}

  private final Map<Value, Placement> placements = new IdentityHashMap<>();
  private final Map<String, List<Value>> files = new LinkedHashMap<>();
  private final Map<String, Long> fileSizes = new LinkedHashMap<>();

  static ExternalDataPlan inlineOnly(Model model) {
    ExternalDataPlan plan = new ExternalDataPlan();
    long inline = inlineBytes(model, plan);
    if (inline > PROTOBUF_LIMIT) {
      throw new ModelTooLargeException(inline);
    }
    return plan;
  }

  static ExternalDataPlan create(Model model, WriteOptions options, Path modelFile) throws IOException {
    ExternalDataPlan plan = new ExternalDataPlan();
    List<Value> initializers = new ArrayList<>();
    for (Graph g : model.graph().allGraphs()) {
      initializers.addAll(g.initializers());
    }
    String sharedFile = options.dataFileName() != null
        ? options.dataFileName()
        : modelFile.getFileName().toString() + ".data";
    if (sharedFile.equals(modelFile.getFileName().toString())) {
      throw new IllegalArgumentException("the external data file cannot have the model's own name '" + sharedFile + "'");
    }
    Set<String> taken = ExternalDataNames.newTakenSet();
    taken.add(modelFile.getFileName().toString().toLowerCase());

    boolean spill = false;
    if (options.layout() == Layout.KEEP) {
      for (Value v : initializers) {
        if (v.initializer().orElseThrow().isExternal()) {
          plan.place(v, fileFor(v, options, sharedFile, taken));
        }
      }
      spill = inlineBytes(model, plan) > PROTOBUF_LIMIT;
    }
    if (options.layout() == Layout.EXTERNAL || spill) {
      for (Value v : initializers) {
        Tensor t = v.initializer().orElseThrow();
        if (!plan.placements.containsKey(v) && t.dataType().hasFixedWidth()
            && t.byteSize() >= options.sizeThreshold()) {
          plan.place(v, fileFor(v, options, sharedFile, taken));
        }
      }
    }
    long inline = inlineBytes(model, plan);
    if (inline > PROTOBUF_LIMIT) {
      throw new ModelTooLargeException(inline);
    }
    plan.refuseOverwritingSources(model, modelFile.toAbsolutePath().getParent());
    return plan;
  }

  private static String fileFor(Value v, WriteOptions options, String shared, Set<String> taken) {
    return options.filePerTensor() ? ExternalDataNames.forTensor(v.name(), taken) : shared;
  }

  private void place(Value v, String fileName) {
    long length = v.initializer().orElseThrow().byteSize();
    long offset = fileSizes.getOrDefault(fileName, 0L);
    offset = (offset + WriteOptions.ALIGNMENT - 1) / WriteOptions.ALIGNMENT * WriteOptions.ALIGNMENT;
    placements.put(v, new Placement(fileName, offset, length));
    files.computeIfAbsent(fileName, k -> new ArrayList<>()).add(v);
    fileSizes.put(fileName, offset + length);
  }

  /** Bytes of tensor data that would be inline under this plan (initializers and attribute tensors). */
  private static long inlineBytes(Model model, ExternalDataPlan plan) {
    long total = 0;
    for (Graph g : model.graph().allGraphs()) {
      for (Value v : g.initializers()) {
        if (!plan.placements.containsKey(v)) {
          total += v.initializer().orElseThrow().byteSize();
        }
      }
      for (Node n : g) {
        for (Attribute a : n.attributes().values()) {
          if (a instanceof Attribute.TensorAttr t) {
            total += t.value().byteSize();
          } else if (a instanceof Attribute.TensorsAttr ts) {
            for (Tensor t : ts.value()) {
              total += t.byteSize();
            }
          }
        }
      }
    }
    return total;
  }

  private void refuseOverwritingSources(Model model, Path folder) throws IOException {
    if (files.isEmpty()) {
      return;
    }
    for (Graph g : model.graph().allGraphs()) {
      for (Value v : g.initializers()) {
        if (v.initializer().orElseThrow() instanceof ExternalTensor ext) {
          for (String target : files.keySet()) {
            Path t = folder.resolve(target);
            if (Files.exists(t) && Files.isSameFile(t, ext.file())) {
              throw new IOException("refusing to overwrite " + t + ": the model being written still reads "
                  + "tensor '" + ext.name() + "' from it; choose another data file name or folder");
            }
          }
        }
      }
    }
  }

  Placement placement(Value v) {
    return placements.get(v);
  }

  /** Data files in the order to write them, each with its initializers in offset order. */
  Map<String, List<Value>> files() {
    return files;
  }

  long fileSize(String fileName) {
    return fileSizes.get(fileName);
  }

  boolean hasExternalData() {
    return !files.isEmpty();
  }
}
