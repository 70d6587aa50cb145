package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.SparseTensor;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Facts about a model at a glance: its header, signature, operator histogram and the size of its
 * weights. Computing it reads no tensor data (external files are not mapped), so it is cheap even
 * for models of many gigabytes.
 *
 * <p>Counts over "all graphs" include the main graph and every subgraph nested in it (bodies of If,
 * Loop, Scan), but not the bodies of model-local functions.
 *
 * @param irVersion the model's IR version (0 when absent)
 * @param opsets imported operator sets, domain to version, in file order ("" is the default domain)
 * @param producerName producer name, empty when absent
 * @param producerVersion producer version, empty when absent
 * @param graphName name of the main graph, empty when absent
 * @param inputs the main graph's inputs that are not initializers, in order
 * @param outputs the main graph's outputs, in order
 * @param operators node count per operator over all graphs, most frequent first, then by name
 * @param nodeCount nodes of the main graph
 * @param totalNodeCount nodes of all graphs
 * @param subgraphCount graphs nested in the main graph, at any depth
 * @param functionCount model-local functions
 * @param initializerCount dense and sparse initializers of all graphs
 * @param parameterCount elements of all initializers (stored values for sparse ones)
 * @param weightBytes bytes of all initializers' data, inline and external
 * @param externalData distinct external data files the initializers read, in first-use order
 */
public record ModelSummary(
    long irVersion,
    Map<String, Long> opsets,
    String producerName,
    String producerVersion,
    String graphName,
    List<Signature> inputs,
    List<Signature> outputs,
    List<OpCount> operators,
    int nodeCount,
    int totalNodeCount,
    int subgraphCount,
    int functionCount,
    int initializerCount,
    long parameterCount,
    long weightBytes,
    List<ExternalFile> externalData) {

  /** One graph input or output: its name and type (null when the model declares none). */
  public record Signature(String name, ValueType type) {}

  /**
   * How many nodes run one operator. {@code domain} is "" for the default ONNX domain (also when a
   * file spells it "ai.onnx").
   */
  public record OpCount(String domain, String opType, int count) {
    /** {@code opType} for the default domain, else {@code domain.opType}. */
    public String qualifiedName() {
      return domain.isEmpty() ? opType : domain + "." + opType;
    }
  }

  /**
   * An external data file: {@code location} as the first tensor reading it spells it, the resolved
   * {@code file}, and the bytes and number of tensors the model reads from it.
   */
  public record ExternalFile(String location, Path file, long bytes, int tensorCount) {}

  public ModelSummary {
    // NOTE: not Map.copyOf, which would lose the file order of the imports.
    opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    operators = List.copyOf(operators);
    externalData = List.copyOf(externalData);
  }

  /** Summarises {@code model} as it is now. */
  public static ModelSummary of(Model model) {
    Graph main = model.graph();
    List<Graph> graphs = main.allGraphs();

    List<Signature> inputs = new ArrayList<>();
    for (Value v : main.inputs()) {
      if (!v.isInitializer()) {
        inputs.add(new Signature(v.name(), v.type()));
      }
    }
    List<Signature> outputs = new ArrayList<>();
    for (Value v : main.outputs()) {
      outputs.add(new Signature(v.name(), v.type()));
    }

    Weights weights = new Weights();
    int totalNodes = 0;
    Map<String, Map<String, Integer>> histogram = new LinkedHashMap<>();
    for (Graph g : graphs) {
      totalNodes += g.nodeCount();
      for (Node n : g) {
        String domain = OpsetImports.isDefault(n.domain()) ? "" : n.domain();
        histogram.computeIfAbsent(domain, d -> new LinkedHashMap<>()).merge(n.opType(), 1, Integer::sum);
      }
      for (Value v : g.initializers()) {
        weights.addDense(v.initializer().orElseThrow());
      }
      for (Value v : g.sparseInitializers()) {
        weights.addSparse(v.sparseInitializer().orElseThrow());
      }
    }

    return new ModelSummary(
        model.irVersion(),
        model.opsetImports().asMap(),
        model.producerName(),
        model.producerVersion(),
        main.name(),
        inputs,
        outputs,
        sortedOperators(histogram),
        main.nodeCount(),
        totalNodes,
        graphs.size() - 1,
        model.functions().size(),
        weights.count,
        weights.parameters,
        weights.bytes,
        weights.externalFiles());
  }

  private static List<OpCount> sortedOperators(Map<String, Map<String, Integer>> histogram) {
    List<OpCount> ops = new ArrayList<>();
    histogram.forEach((domain, counts) -> counts.forEach((op, n) -> ops.add(new OpCount(domain, op, n))));
    ops.sort(Comparator.comparingInt(OpCount::count).reversed()
        .thenComparing(OpCount::domain)
        .thenComparing(OpCount::opType));
    return ops;
  }

  /** Running totals over initializers. */
  private static final class Weights {
    int count;
    long parameters;
    long bytes;
    // NOTE: keyed by the normalised resolved path, so "w.data" and "./w.data" count as one file.
    private final Map<Path, ExternalFile> files = new LinkedHashMap<>();

    void addDense(Tensor t) {
      count++;
      parameters = Math.addExact(parameters, t.elementCount());
      bytes = Math.addExact(bytes, t.byteSize());
      if (t instanceof ExternalTensor ext) {
        Path key = ext.file().toAbsolutePath().normalize();
        ExternalFile old = files.get(key);
        files.put(key, old == null
            ? new ExternalFile(Objects.requireNonNullElse(ext.location(), key.getFileName().toString()), key, ext.length(), 1)
            : new ExternalFile(old.location(), key, old.bytes() + ext.length(), old.tensorCount() + 1));
      }
    }

    void addSparse(SparseTensor s) {
      count++;
      parameters = Math.addExact(parameters, s.values().elementCount());
      bytes = Math.addExact(bytes, Math.addExact(s.values().byteSize(), s.indices().byteSize()));
    }

    List<ExternalFile> externalFiles() {
      return new ArrayList<>(files.values());
    }
  }
}
