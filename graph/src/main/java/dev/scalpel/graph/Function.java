package dev.scalpel.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model-local function: an operator {@code domain.name} (with an optional overload) defined by
 * a body graph. The body's inputs and outputs are the function's formal parameters; its nodes may
 * use {@link Attribute.RefAttr}s to the function's attributes.
 */
public final class Function extends ModelElement {
  private String domain;
  private String name;
  private String overload;
  private final Graph body;
  private final List<String> attributeNames = new ArrayList<>();
  private final List<Attribute> attributeDefaults = new ArrayList<>();
  private final OpsetImports opsetImports = new OpsetImports();

  public Function(String domain, String name, Graph body) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.name = Objects.requireNonNull(name, "name");
    this.body = Objects.requireNonNull(body, "body");
  }

  public String domain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public String name() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String overload() {
    return overload == null ? "" : overload;
  }

  public boolean hasOverload() {
    return overload != null;
  }

  public void setOverload(String overload) {
    this.overload = overload;
  }

  /** The body: its inputs and outputs are the formal parameters. */
  public Graph body() {
    return body;
  }

  /** Names of attributes without defaults; mutable. */
  public List<String> attributeNames() {
    return attributeNames;
  }

  /** Attributes with default values; mutable. */
  public List<Attribute> attributeDefaults() {
    return attributeDefaults;
  }

  public OpsetImports opsetImports() {
    return opsetImports;
  }

  /**
   * An independent copy: the body's nodes and values are new, tensors (immutable) are shared. What
   * inference of one call does to the copy leaves the function itself untouched.
   */
  public Function deepCopy() {
    return ModelCopier.copyFunction(this);
  }

  /** {@code domain.name} or {@code domain.name:overload}. */
  public String qualifiedName() {
    return domain + "." + name + (overload == null || overload.isEmpty() ? "" : ":" + overload);
  }

  @Override
  public String toString() {
    return "Function " + qualifiedName();
  }
}
