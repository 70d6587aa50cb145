package dev.scalpel.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The operator sets a model or function imports: domain to version, in file order. The default
 * ONNX domain may be written "" or "ai.onnx"; {@link #version(String)} treats the two alike.
 */
public final class OpsetImports {
  public static final String DEFAULT_DOMAIN = "";

  private final Map<String, Long> versions = new LinkedHashMap<>();
  private boolean defaultDomainUnnamed;

  /** Domain to version in order. Unmodifiable view. */
  public Map<String, Long> asMap() {
    return Collections.unmodifiableMap(versions);
  }

  public OptionalLong version(String domain) {
    Long v = versions.get(domain);
    if (v == null && isDefault(domain)) {
      v = versions.get(domain.isEmpty() ? "ai.onnx" : "");
    }
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** The imported version of the default ONNX domain, if any. */
  public OptionalLong defaultVersion() {
    return version(DEFAULT_DOMAIN);
  }

  public boolean imports(String domain) {
    return version(domain).isPresent();
  }

  /** Imports {@code domain} at {@code version}, replacing an earlier version. */
  public void set(String domain, long version) {
    String key = domain;
    if (isDefault(domain) && !versions.containsKey(domain)) {
      String other = domain.isEmpty() ? "ai.onnx" : "";
      if (versions.containsKey(other)) {
        key = other;
      }
    }
    versions.put(key, version);
  }

  public void remove(String domain) {
    versions.remove(domain);
  }

  public int size() {
    return versions.size();
  }

  public void copyFrom(OpsetImports other) {
    versions.clear();
    versions.putAll(other.versions);
    defaultDomainUnnamed = other.defaultDomainUnnamed;
  }

  /**
   * Whether the entry of domain "" is written without a domain field, as old exporters wrote it.
   * Only affects the encoding, never the meaning.
   */
  public boolean isDefaultDomainUnnamed() {
    return defaultDomainUnnamed;
  }

  public void setDefaultDomainUnnamed(boolean unnamed) {
    this.defaultDomainUnnamed = unnamed;
  }

  public static boolean isDefault(String domain) {
    return domain.isEmpty() || domain.equals("ai.onnx");
  }

  @Override
  public String toString() {
    return versions.toString();
  }
}
