package dev.scalpel.cli.report.html;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the repeated blocks of a graph from its node names, so that a drawing can show a
 * 5,000-node LLM as a few dozen boxes.
 *
 * <p>Exporters name nodes after the module that made them: {@code /model/layers.3/self_attn/MatMul}.
 * A scope segment ending in an index ({@code layers.3}, {@code features.1.0}, {@code block_2}) whose
 * stem has at least two indices under the same parent scope ({@code layers.0}, {@code layers.1}, ...)
 * starts a block; a node belongs to the outermost such block of its name, and nested indexed scopes
 * inside it become nested blocks. Blocks of fewer than {@value #MIN_NODES} nodes are not made.
 *
 * <p>Nodes whose names have no scope at all (exporters emit {@code Constant_2137} for a layer's
 * constants) join a block when all their readers are in it and no node they read from is in
 * another block, so a layer's constants are drawn inside it rather than as hundreds of loose nodes
 * beside it. A scoped node outside every block ({@code /model/embed_tokens/Gather}) stays outside.
 * Graph outputs keep their producer outside unless all of it is in a block already.
 */
public final class RepeatedBlocks {
  static final int MIN_NODES = 3;
  private static final Pattern INDEXED = Pattern.compile("^(.+)[._](\\d+)$");

  private RepeatedBlocks() {}

  /** The root block of {@code graph}'s top-level nodes, with the repeated blocks nested in it. */
  public static Block of(Graph graph) {
    Block root = new Block("", "");
    root.mutableNodes().addAll(graph.nodes());
    split(root, 0);
    return root;
  }

  /** Splits {@code block}'s own nodes into nested blocks by the indexed scopes at segment {@code depth} or deeper. */
  private static void split(Block block, int depth) {
    Map<String, Set<String>> groupsOfStem = new HashMap<>();
    for (Node n : block.nodes()) {
      List<String> scopes = scopes(n);
      for (int j = depth; j < scopes.size(); j++) {
        Matcher m = INDEXED.matcher(scopes.get(j));
        if (m.matches()) {
          String parent = String.join("/", scopes.subList(0, j));
          groupsOfStem.computeIfAbsent(parent + "/" + m.group(1), k -> new LinkedHashSet<>())
              .add(String.join("/", scopes.subList(0, j + 1)));
        }
      }
    }
    Map<String, List<Node>> members = new LinkedHashMap<>();
    Map<String, Integer> depthOf = new HashMap<>();
    Map<Node, String> groupOf = new IdentityHashMap<>();
    for (Node n : block.nodes()) {
      List<String> scopes = scopes(n);
      for (int j = depth; j < scopes.size(); j++) {
        Matcher m = INDEXED.matcher(scopes.get(j));
        String parent = String.join("/", scopes.subList(0, j));
        if (m.matches() && groupsOfStem.get(parent + "/" + m.group(1)).size() >= 2) {
          String key = String.join("/", scopes.subList(0, j + 1));
          members.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
          depthOf.put(key, j + 1);
          groupOf.put(n, key);
          break;
        }
      }
    }
    members.values().removeIf(list -> {
      if (list.size() < MIN_NODES) {
        list.forEach(groupOf::remove);
        return true;
      }
      return false;
    });
    if (members.isEmpty()) {
      return;
    }
    absorbLooseNodes(block.nodes(), groupOf);
    Map<String, Block> made = new LinkedHashMap<>();
    List<Node> own = new ArrayList<>();
    for (Node n : block.nodes()) {
      String key = groupOf.get(n);
      if (key == null) {
        own.add(n);
      } else {
        made.computeIfAbsent(key, k -> new Block(k, k.substring(k.lastIndexOf('/') + 1))).mutableNodes().add(n);
      }
    }
    block.mutableNodes().clear();
    block.mutableNodes().addAll(own);
    for (Block child : made.values()) {
      block.mutableChildren().add(child);
      split(child, depthOf.get(child.key()));
    }
  }

  /** Puts into a group the ungrouped nodes whose readers and sources are all in that one group. */
  private static void absorbLooseNodes(List<Node> nodes, Map<Node, String> groupOf) {
    Set<Node> here = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    here.addAll(nodes);
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      // NOTE: only nodes without a scope: a scoped one (/model/embed_tokens/Gather) is a module of its own.
      if (groupOf.containsKey(n) || !scopes(n).isEmpty()) {
        continue;
      }
      String only = null;
      boolean ok = true;
      for (Value out : n.outputs()) {
        if (out.isGraphOutput()) {
          ok = false;
        }
        for (Node reader : out.consumers()) {
          String g = here.contains(reader) ? groupOf.get(reader) : null;
          ok &= g != null && (only == null || only.equals(g));
          only = g;
        }
      }
      for (Value in : n.inputs()) {
        Node producer = in == null ? null : in.producer();
        if (producer != null && here.contains(producer) && groupOf.containsKey(producer)) {
          ok &= only != null && only.equals(groupOf.get(producer));
        }
      }
      if (ok && only != null) {
        groupOf.put(n, only);
      }
    }
  }

  /** The scope segments of a node's name: all segments but the last, without the leading empty one. */
  static List<String> scopes(Node n) {
    String name = n.hasName() ? n.name() : "";
    List<String> parts = new ArrayList<>(List.of(name.split("/", -1)));
    if (!parts.isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    if (!parts.isEmpty() && parts.get(0).isEmpty()) {
      parts.remove(0);
    }
    return parts;
  }
}
