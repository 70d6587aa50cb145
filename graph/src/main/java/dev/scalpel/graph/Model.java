package dev.scalpel.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ONNX model: the main graph, operator set imports, model-local functions, producer and
 * metadata.
 *
 * <p>Scalar fields remember whether the source file had them, so a write re-emits exactly what was
 * read; getters return ONNX's defaults for absent fields.
 */
public final class Model extends ModelElement {
  private Long irVersion;
  private final OpsetImports opsetImports = new OpsetImports();
  private String producerName;
  private String producerVersion;
  private String domain;
  private Long modelVersion;
  private Graph graph;
  private final List<Function> functions = new ArrayList<>();

  public Model(Graph graph) {
    this.graph = Objects.requireNonNull(graph, "graph");
  }

  public Graph graph() {
    return graph;
  }

  public void setGraph(Graph graph) {
    this.graph = Objects.requireNonNull(graph, "graph");
  }

  public long irVersion() {
    return irVersion == null ? 0 : irVersion;
  }

  public boolean hasIrVersion() {
    return irVersion != null;
  }

  public void setIrVersion(long irVersion) {
    this.irVersion = irVersion;
  }

  public OpsetImports opsetImports() {
    return opsetImports;
  }

  public String producerName() {
    return producerName == null ? "" : producerName;
  }

  public boolean hasProducerName() {
    return producerName != null;
  }

  public void setProducerName(String producerName) {
    this.producerName = producerName;
  }

  public String producerVersion() {
    return producerVersion == null ? "" : producerVersion;
  }

  public boolean hasProducerVersion() {
    return producerVersion != null;
  }

  public void setProducerVersion(String producerVersion) {
    this.producerVersion = producerVersion;
  }

  public String domain() {
    return domain == null ? "" : domain;
  }

  public boolean hasDomain() {
    return domain != null;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public long modelVersion() {
    return modelVersion == null ? 0 : modelVersion;
  }

  public boolean hasModelVersion() {
    return modelVersion != null;
  }

  public void setModelVersion(long modelVersion) {
    this.modelVersion = modelVersion;
  }

  /**
   * The value named {@code valueName} in the main graph or any of its subgraphs (not in function
   * bodies). Linear in the model's size.
   *
   * @throws IllegalArgumentException if distinct values of several graphs carry the name (sibling
   *     subgraphs may reuse names): ask the graph, {@link Graph#findValue}
   */
  public Optional<Value> findValue(String valueName) {
    Value found = null;
    Graph foundIn = null;
    for (Graph g : graph.allGraphs()) {
      Optional<Value> v = g.findValue(valueName);
      if (v.isPresent() && found == null) {
        found = v.get();
        foundIn = g;
      } else if (v.isPresent() && v.get() != found) {
        throw new IllegalArgumentException("'" + valueName + "' names distinct values in graphs '" + foundIn.name()
            + "' and '" + g.name() + "'; look it up in one of them");
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The value named {@code valueName}, as {@link #findValue}.
   *
   * @throws java.util.NoSuchElementException if no graph of the model has it
   */
  public Value value(String valueName) {
    return findValue(valueName).orElseThrow(() -> new java.util.NoSuchElementException(
        "the model has no value named '" + valueName + "'"));
  }

  /**
   * A snapshot of everything the model's well-formedness depends on, cheap to take: the graph's
   * {@link Graph#editCount() edit count}, the IR version, the opset imports and, for every
   * function, its identity, name, imports, attributes and its body's edit count. Two stamps of the
   * same model are equal only if nothing a {@link dev.scalpel.graph.traverse.GraphVerifier
   * verifier} reads changed between them (ModelElement documentation and metadata excepted, which
   * no verifier rule reads).
   */
  public EditStamp editStamp() {
    List<Object> parts = new ArrayList<>();
    parts.add(graph);
    parts.add(graph.editCount());
    parts.add(irVersion);
    parts.add(new java.util.LinkedHashMap<>(opsetImports.asMap()));
    parts.add(opsetImports.isDefaultDomainUnnamed());
    for (Function f : functions) {
      parts.add(f);
      parts.add(f.qualifiedName());
      parts.add(new java.util.LinkedHashMap<>(f.opsetImports().asMap()));
      parts.add(List.copyOf(f.attributeNames()));
      parts.add(List.copyOf(f.attributeDefaults()));
      parts.add(f.body());
      parts.add(f.body().editCount());
    }
    return new EditStamp(parts);
  }

  /**
   * See {@link #editStamp()}. Graphs and functions compare by identity, the rest by value.
   *
   * @param parts the compared parts, in a fixed order
   */
  public record EditStamp(List<Object> parts) {
    public EditStamp {
      parts = java.util.Collections.unmodifiableList(new ArrayList<>(parts));
    }
  }

  /** Model-local functions in file order; mutable. */
  public List<Function> functions() {
    return functions;
  }

  /**
   * An independent copy: graphs, nodes and values are new, tensors (immutable) are shared, so the
   * copy costs no weight memory.
   */
  public Model deepCopy() {
    return ModelCopier.copy(this);
  }

  @Override
  public String toString() {
    return "Model(ir " + irVersion() + ", opsets " + opsetImports + ", " + graph + ")";
  }
}
