package dev.scalpel.passes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a pass changed, counted from the graph's mutation events, and which rewrite rules made
 * those changes how often. Immutable. {@link #isEmpty()} drives fixed-point iteration.
 *
 * <p>Invariant: {@code ruleApplications} maps rule id → applications (each &gt; 0) in the order the
 * rules first fired; it is empty for passes that are not rule sets. It does not take part in
 * {@link #isEmpty()}: a rule that fires always changes the graph, so the event counts already say so.
 */
public record ChangeSummary(
    int nodesAdded,
    int nodesRemoved,
    int inputsRewired,
    int initializersChanged,
    int typesChanged,
    int attributesChanged,
    int interfaceChanges,
    Map<String, Integer> ruleApplications) {

  public static final ChangeSummary NONE = new ChangeSummary(0, 0, 0, 0, 0, 0, 0);

  public ChangeSummary {
    ruleApplications = Collections.unmodifiableMap(new LinkedHashMap<>(ruleApplications));
  }

  /** A summary of mutation events with no rule applications. */
  public ChangeSummary(int nodesAdded, int nodesRemoved, int inputsRewired, int initializersChanged,
      int typesChanged, int attributesChanged, int interfaceChanges) {
    this(nodesAdded, nodesRemoved, inputsRewired, initializersChanged, typesChanged, attributesChanged,
        interfaceChanges, Map.of());
  }

  public boolean isEmpty() {
    return nodesAdded == 0 && nodesRemoved == 0 && inputsRewired == 0 && initializersChanged == 0
        && typesChanged == 0 && attributesChanged == 0 && interfaceChanges == 0;
  }

  /** This summary with {@code applications} (rule id → count) added to its rule applications. */
  public ChangeSummary withRuleApplications(Map<String, Integer> applications) {
    if (applications.isEmpty()) {
      return this;
    }
    return new ChangeSummary(nodesAdded, nodesRemoved, inputsRewired, initializersChanged, typesChanged,
        attributesChanged, interfaceChanges, merged(ruleApplications, applications));
  }

  public ChangeSummary plus(ChangeSummary o) {
    return new ChangeSummary(nodesAdded + o.nodesAdded, nodesRemoved + o.nodesRemoved,
        inputsRewired + o.inputsRewired, initializersChanged + o.initializersChanged,
        typesChanged + o.typesChanged, attributesChanged + o.attributesChanged,
        interfaceChanges + o.interfaceChanges, merged(ruleApplications, o.ruleApplications));
  }

  private static Map<String, Integer> merged(Map<String, Integer> a, Map<String, Integer> b) {
    Map<String, Integer> out = new LinkedHashMap<>(a);
    b.forEach((rule, n) -> out.merge(rule, n, Integer::sum));
    return out;
  }

  @Override
  public String toString() {
    if (isEmpty()) {
      return "no changes";
    }
    StringBuilder sb = new StringBuilder();
    append(sb, nodesAdded, "node", " added");
    append(sb, nodesRemoved, "node", " removed");
    append(sb, inputsRewired, "input", " rewired");
    append(sb, initializersChanged, "initializer", " changed");
    append(sb, typesChanged, "type", " changed");
    append(sb, attributesChanged, "attribute", " changed");
    append(sb, interfaceChanges, "interface change", "");
    return sb.toString();
  }

  /** Appends {@code n noun(s)what}, e.g. {@code 1 node added}, {@code 2 nodes added}; nothing for 0. */
  private static void append(StringBuilder sb, int n, String noun, String what) {
    if (n != 0) {
      sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(noun).append(n == 1 ? "" : "s").append(what);
    }
  }
}
