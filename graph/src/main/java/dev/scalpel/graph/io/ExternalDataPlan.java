package dev.scalpel.graph.io;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.WriteOptions.Layout;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before anything is written, which initializers go to which external data file at which
 * (aligned) offset, and checks that the result can be written: the inline part fits protobuf's
 * 2 GiB limit.
 *
 * <p>Invariant: no data file name is one of the {@code inUse} names (the data files the model being
 * replaced reads). A wanted name that is in use is replaced by its first free alternate ({@code
 * w.bin} by {@code w.1.bin}; see {@link ExternalDataNames#alternate}), so successive writes over the
 * same output alternate between two names, and the old model's data is never replaced before the
 * new model is in place.
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

  static ExternalDataPlan create(Model model, WriteOptions options, Path modelFile) {
    return create(model, options, modelFile, Set.of());
  }

  /**
   * @param inUse lower-case names of the data files that the model now at {@code modelFile} reads
   */
  static ExternalDataPlan create(Model model, WriteOptions options, Path modelFile, Set<String> inUse) {
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
    NameSlots slots = new NameSlots(inUse, modelFile.getFileName().toString().toLowerCase(Locale.ROOT));

    boolean spill = false;
    if (options.layout() == Layout.KEEP) {
      for (Value v : initializers) {
        if (v.initializer().orElseThrow().isExternal()) {
          plan.place(v, slots.free(fileFor(v, options, sharedFile, taken)));
        }
      }
      spill = inlineBytes(model, plan) > PROTOBUF_LIMIT;
    }
    if (options.layout() == Layout.EXTERNAL || spill) {
      for (Value v : initializers) {
        Tensor t = v.initializer().orElseThrow();
        if (!plan.placements.containsKey(v) && t.dataType().hasFixedWidth()
            && t.byteSize() >= options.sizeThreshold()) {
          plan.place(v, slots.free(fileFor(v, options, sharedFile, taken)));
        }
      }
    }
    long inline = inlineBytes(model, plan);
    if (inline > PROTOBUF_LIMIT) {
      throw new ModelTooLargeException(inline);
    }
    return plan;
  }

  /**
   * The name each wanted data file name is written under: itself, or its first alternate that the
   * model being replaced does not read and no other data file of this plan has. NOTE: alternates
   * ({@code w.1.bin}) never collide with per-tensor names, which have no dot before {@code .bin}.
   */
  private static final class NameSlots {
    private final Set<String> inUse;
    private final String modelName;
    private final Map<String, String> chosen = new LinkedHashMap<>();

    NameSlots(Set<String> inUse, String modelName) {
      this.inUse = inUse;
      this.modelName = modelName;
    }

    String free(String wanted) {
      return chosen.computeIfAbsent(wanted, w -> {
        Set<String> avoid = new HashSet<>(inUse);
        avoid.add(modelName);
        for (String c : chosen.values()) {
          avoid.add(c.toLowerCase(Locale.ROOT));
        }
        return ExternalDataNames.alternate(w, avoid);
      });
    }
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
