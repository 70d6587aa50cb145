package dev.scalpel.opset;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every version of every operator of a set of domains, with lookup by the opset version a model
 * imports. Immutable and thread-safe once made.
 *
 * <p>{@link #standard()} is the registry of the schemas this module ships (read from its resource
 * once, on first use); {@link #of} makes one from any schemas, for tests and other operator sets.
 * Domains are kept as {@link OpId} keeps them: the default ONNX domain is {@code ""}.
 */
public final class SchemaRegistry {
  private final String onnxVersion;
  private final Map<OpId, NavigableMap<Integer, OpSchema>> byOp;
  private final Map<String, Integer> newestVersion;

  private SchemaRegistry(String onnxVersion, Collection<OpSchema> schemas) {
    this.onnxVersion = onnxVersion;
    Map<OpId, NavigableMap<Integer, OpSchema>> ops = new HashMap<>();
    Map<String, Integer> newest = new HashMap<>();
    for (OpSchema s : schemas) {
      OpSchema previous = ops.computeIfAbsent(s.opId(), k -> new TreeMap<>()).put(s.sinceVersion(), s);
      if (previous != null) {
        throw new IllegalArgumentException("two schemas for " + s);
      }
      newest.merge(s.opId().domain(), s.sinceVersion(), Math::max);
    }
    Map<OpId, NavigableMap<Integer, OpSchema>> frozen = new HashMap<>();
    ops.forEach((k, v) -> frozen.put(k, Collections.unmodifiableNavigableMap(v)));
    this.byOp = Collections.unmodifiableMap(frozen);
    this.newestVersion = Collections.unmodifiableMap(newest);
  }

  /** A registry of {@code schemas}, which must not hold two of one operator and since-version. */
  public static SchemaRegistry of(String onnxVersion, Collection<OpSchema> schemas) {
    return new SchemaRegistry(onnxVersion, schemas);
  }

  /** The schemas shipped with Scalpel (generated from the onnx package; see opset/tools). */
  public static SchemaRegistry standard() {
    return Bundled.INSTANCE;
  }

  /** NOTE: the holder idiom: the JVM's class initialisation makes the load lazy and run once. */
  private static final class Bundled {
    static final SchemaRegistry INSTANCE = load();

    private static SchemaRegistry load() {
      SchemaResource.Contents c = SchemaResource.loadBundled();
      return new SchemaRegistry(c.onnxVersion(), c.schemas());
    }
  }

  /** The version of the onnx package the schemas come from, such as {@code 1.23.1}. */
  public String onnxVersion() {
    return onnxVersion;
  }

  /** The domains with at least one operator, sorted ({@code ""} for the default domain). */
  public Set<String> domains() {
    return Collections.unmodifiableSet(new TreeSet<>(newestVersion.keySet()));
  }

  /** Whether some operator of {@code domain} is known; "ai.onnx" counts as "". */
  public boolean knowsDomain(String domain) {
    return newestVersion.containsKey(normalise(domain));
  }

  /** The highest since-version of any operator of {@code domain}: the newest opset known. */
  public OptionalLong newestOpset(String domain) {
    Integer v = newestVersion.get(normalise(domain));
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /**
   * The schema in force for {@code op} at {@code opsetVersion} of its domain: the one with the
   * highest since-version not above it. Empty when the operator is unknown or did not exist yet.
   */
  public Optional<OpSchema> lookup(OpId op, long opsetVersion) {
    NavigableMap<Integer, OpSchema> versions = byOp.get(op);
    if (versions == null) {
      return Optional.empty();
    }
    int v = (int) Math.min(opsetVersion, Integer.MAX_VALUE);
    Map.Entry<Integer, OpSchema> e = versions.floorEntry(v);
    return e == null ? Optional.empty() : Optional.of(e.getValue());
  }

  /** The schema in force for {@code node} under {@code imports}; empty if its domain is not imported. */
  public Optional<OpSchema> lookup(Node node, OpsetImports imports) {
    OptionalLong version = imports.version(node.domain());
    return version.isEmpty() ? Optional.empty() : lookup(OpId.of(node), version.getAsLong());
  }

  /** Every version of {@code op}, oldest first; empty if the operator is unknown. */
  public List<OpSchema> versions(OpId op) {
    NavigableMap<Integer, OpSchema> versions = byOp.get(op);
    return versions == null ? List.of() : List.copyOf(versions.values());
  }

  /** Whether any version of {@code op} is known. */
  public boolean knows(OpId op) {
    return byOp.containsKey(op);
  }

  /** The newest version of every operator, ordered by domain and name. */
  public List<OpSchema> allLatest() {
    List<OpSchema> out = new ArrayList<>(byOp.size());
    for (NavigableMap<Integer, OpSchema> versions : byOp.values()) {
      out.add(versions.lastEntry().getValue());
    }
    out.sort((a, b) -> {
      int c = a.opId().domain().compareTo(b.opId().domain());
      return c != 0 ? c : a.opId().opType().compareTo(b.opId().opType());
    });
    return out;
  }

  /** How many schema versions the registry holds. */
  public int size() {
    int n = 0;
    for (NavigableMap<Integer, OpSchema> versions : byOp.values()) {
      n += versions.size();
    }
    return n;
  }

  private static String normalise(String domain) {
    return domain.equals("ai.onnx") ? "" : domain;
  }
}
