package dev.scalpel.cli.report.html;

import dev.scalpel.cli.report.AttributeText;
import dev.scalpel.cli.report.JUnitXml;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.TypeNotation;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The drawing of one model's top-level graph as SVG: every node a box coloured by its {@link
 * NodeChange}, every repeated block ({@link RepeatedBlocks}) a box that the page's script opens in
 * place, each level laid out on its own by {@link LayeredLayout} (a level with the same boxes and
 * edges as an earlier one reuses its layout). Inside a block, the values that
 * come from outside it and those it hands out are small port boxes.
 *
 * <p>Every node of the graph is in the SVG exactly once, as a {@code g.n} element whose id is the
 * drawing's prefix and the node's index in graph order; a closed block hides its nodes, it does not
 * leave them out. {@link #detailsJson} holds what a click shows: name, op, attributes, inputs and
 * outputs with their types, the change and the paired node's id.
 */
public final class GraphDrawing {
  private static final double NODE_H = 26;
  private static final double BLOCK_H = 40;
  private static final double PORT_H = 20;
  /** Height of an open block's title bar; its inner drawing starts below it. */
  static final double HEADER = 34;

  private final Model model;
  private final GraphDiff diff;
  private final String prefix;
  private final Function<Node, String> partnerId;
  private final Map<Node, Integer> index = new IdentityHashMap<>();
  private final Map<Node, Block> ownerOf = new IdentityHashMap<>();
  private final Map<Block, Block> parentOf = new IdentityHashMap<>();
  private final Map<Block, Integer> blockIndex = new IdentityHashMap<>();
  private final Map<Block, Set<Node>> members = new IdentityHashMap<>();
  private final Block root;
  private long layoutNanos;
  private int boxes;
  /** Layouts done, by the sizes of their boxes and their edges. */
  private final Map<String, LayeredLayout.Result> layouts = new HashMap<>();
  /** Numbers the ids of inputs, outputs and ports. */
  private int serial;
  private String svg;

  private GraphDrawing(Model model, GraphDiff diff, String prefix, Function<Node, String> partnerId) {
    this.model = model;
    this.diff = diff;
    this.prefix = prefix;
    this.partnerId = partnerId;
    int i = 0;
    for (Node n : model.graph()) {
      index.put(n, i++);
    }
    this.root = RepeatedBlocks.of(model.graph());
    register(root, null);
  }

  /**
   * Lays out and draws {@code model}.
   *
   * @param prefix the ids' prefix, unique on the page ({@code b} before, {@code a} after)
   * @param partnerId the id of a node's partner in the other drawing, or null
   */
  public static GraphDrawing draw(Model model, GraphDiff diff, String prefix, Function<Node, String> partnerId) {
    GraphDrawing d = new GraphDrawing(model, diff, prefix, partnerId);
    StringBuilder out = new StringBuilder();
    d.level(d.root, out);
    d.svg = out.toString();
    return d;
  }

  /** The id of {@code node} in this drawing. */
  public String id(Node node) {
    return prefix + index.get(node);
  }

  /** The prefix of every id in this drawing. */
  public String prefix() {
    return prefix;
  }

  /** The root level as an SVG group ({@code g.lvl}), to be placed in an {@code svg} element. */
  public String svg() {
    return svg;
  }

  /** Wall time spent in {@link LayeredLayout}, all levels together. */
  public double layoutMillis() {
    return layoutNanos / 1e6;
  }

  /** Distinct layouts computed: levels that repeat an earlier one's boxes and edges reuse its layout. */
  public int layoutsComputed() {
    return layouts.size();
  }

  /** Boxes laid out, all levels together (nodes, blocks, inputs, outputs, ports). */
  public int boxes() {
    return boxes;
  }

  /** Blocks found, nested ones included. */
  public int blocks() {
    return blockIndex.size() - 1;
  }

  public int nodes() {
    return index.size();
  }

  private void register(Block b, Block parent) {
    blockIndex.put(b, blockIndex.size());
    parentOf.put(b, parent);
    Set<Node> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : b.nodes()) {
      ownerOf.put(n, b);
      all.add(n);
    }
    for (Block c : b.children()) {
      register(c, b);
      all.addAll(members.get(c));
    }
    members.put(b, all);
  }

  /** One item of a level: a node, a nested block, a graph input or output, or a port. */
  private record Item(String id, String cssClass, String label, String sublabel, String title, double w, double h,
      Node node, Block block) {}

  /** Draws {@code level}'s own nodes, nested blocks and ports, laid out, nested blocks' levels inside them. */
  private void level(Block level, StringBuilder out) {
    List<Item> items = new ArrayList<>();
    Map<Object, Integer> itemOf = new HashMap<>();
    boolean isRoot = level == root;
    Graph g = model.graph();
    if (isRoot) {
      for (Value v : g.inputs()) {
        if (!v.isInitializer()) {
          itemOf.put(v, add(items, io("in", v)));
        }
      }
    }
    for (Node n : level.nodes()) {
      itemOf.put(n, add(items, node(n)));
    }
    for (Block c : level.children()) {
      itemOf.put(c, add(items, block(c)));
    }
    Set<Node> inside = members.get(level);
    Set<Long> seen = new java.util.HashSet<>();
    List<int[]> edges = new ArrayList<>();
    Map<Value, Integer> portOf = new LinkedHashMap<>();
    for (Node n : orderedMembers(level)) {
      int dst = itemOf.get(representative(n, level));
      for (Value v : n.inputs()) {
        if (v == null || v.name().isEmpty()) {
          continue;
        }
        Node p = v.producer();
        Integer src;
        if (p != null && inside.contains(p)) {
          src = itemOf.get(representative(p, level));
        } else if (p == null && v.isInitializer()) {
          continue;
        } else if (isRoot) {
          src = p == null ? itemOf.get(v) : null;
        } else {
          src = portOf.computeIfAbsent(v, k -> add(items, port("port in", k)));
        }
        addEdge(src, dst, edges, seen);
      }
    }
    for (Node n : orderedMembers(level)) {
      for (Value v : n.outputs()) {
        boolean leaves = !isRoot && (v.isGraphOutput() || v.consumers().stream().anyMatch(c -> !inside.contains(c)));
        if (leaves) {
          int port = portOf.computeIfAbsent(v, k -> add(items, port("port out", k)));
          addEdge(itemOf.get(representative(n, level)), port, edges, seen);
        }
      }
    }
    if (isRoot) {
      for (Value v : g.outputs()) {
        int out2 = add(items, io("out", v));
        Node p = v.producer();
        Integer src = p != null ? itemOf.get(representative(p, level)) : itemOf.get(v);
        addEdge(src, out2, edges, seen);
      }
    }
    LayeredLayout layout = new LayeredLayout();
    StringBuilder signature = new StringBuilder();
    for (Item it : items) {
      layout.box(it.w(), it.h());
      signature.append(num(it.w())).append('x').append(num(it.h())).append(';');
    }
    signature.append('|');
    for (int[] e : edges) {
      layout.edge(e[0], e[1]);
      signature.append(e[0]).append('>').append(e[1]).append(';');
    }
    // NOTE: the layout depends only on the boxes' sizes and the edges, in order; the repeated
    // layers of an LLM are laid out once and the result reused.
    long start = System.nanoTime();
    LayeredLayout.Result r = layouts.computeIfAbsent(signature.toString(), k -> layout.run());
    layoutNanos += System.nanoTime() - start;
    boxes += items.size();
    out.append("<g class=\"lvl\" data-w=\"").append(num(r.width())).append("\" data-h=\"").append(num(r.height()))
        .append("\"><g class=\"edges\">");
    for (double[] p : r.edgePoints()) {
      if (p.length == 0) {
        continue;
      }
      StringBuilder pts = new StringBuilder();
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < p.length; i += 2) {
        pts.append(i == 0 ? "" : " ").append(num(p[i])).append(',').append(num(p[i + 1]));
        d.append(i == 0 ? "M" : "L").append(num(p[i])).append(',').append(num(p[i + 1]));
      }
      out.append("<path class=\"e\" data-p=\"").append(pts).append("\" d=\"").append(d).append("\"/>");
    }
    out.append("</g>");
    for (int i = 0; i < items.size(); i++) {
      item(items.get(i), r.x()[i], r.y()[i], out);
    }
    out.append("</g>");
  }

  private void item(Item it, double x, double y, StringBuilder out) {
    out.append("<g class=\"").append(it.cssClass()).append("\" id=\"").append(it.id())
        .append("\" data-x=\"").append(num(x)).append("\" data-y=\"").append(num(y))
        .append("\" data-w=\"").append(num(it.w())).append("\" data-h=\"").append(num(it.h()))
        .append("\" transform=\"translate(").append(num(x)).append(',').append(num(y)).append(")\">");
    out.append("<title>").append(esc(it.title())).append("</title>");
    out.append("<rect class=\"box\" width=\"").append(num(it.w())).append("\" height=\"").append(num(it.h()))
        .append("\" rx=\"").append(it.block() != null ? 6 : it.node() != null ? 4 : 10).append("\"/>");
    double textY = it.sublabel() == null ? it.h() / 2 + 4.5 : 16;
    out.append("<text class=\"lbl\" x=\"").append(num(it.w() / 2)).append("\" y=\"").append(num(textY)).append("\">")
        .append(esc(it.label())).append("</text>");
    if (it.sublabel() != null) {
      out.append("<text class=\"sub\" x=\"").append(num(it.w() / 2)).append("\" y=\"31\">")
          .append(esc(it.sublabel())).append("</text>");
    }
    if (it.block() != null) {
      out.append("<g class=\"inner\" transform=\"translate(0,").append(num(HEADER)).append(")\">");
      level(it.block(), out);
      out.append("</g>");
    }
    out.append("</g>");
  }

  private static int add(List<Item> items, Item it) {
    items.add(it);
    return items.size() - 1;
  }

  /** Adds the edge once; none for a missing end (an initializer) or within one item. */
  private static void addEdge(Integer src, Integer dst, List<int[]> edges, Set<Long> seen) {
    if (src == null || dst == null || src.equals(dst)) {
      return;
    }
    if (seen.add(((long) src << 32) | dst)) {
      edges.add(new int[] {src, dst});
    }
  }

  /** The nodes of {@code level} and its nested blocks, in graph order. */
  private List<Node> orderedMembers(Block level) {
    Set<Node> inside = members.get(level);
    List<Node> out = new ArrayList<>(inside.size());
    for (Node n : model.graph()) {
      if (inside.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** The node itself when it is {@code level}'s own, else the nested block of {@code level} it is in. */
  private Object representative(Node n, Block level) {
    Block b = ownerOf.get(n);
    if (b == level) {
      return n;
    }
    while (parentOf.get(b) != level) {
      b = parentOf.get(b);
    }
    return b;
  }

  private Item node(Node n) {
    String op = n.isDefaultDomain() ? n.opType() : n.domain() + "." + n.opType();
    NodeChange change = diff.change(n);
    return new Item(id(n), "n " + change.cssClass(), op, null, (n.hasName() ? n.name() : "(unnamed)") + " · " + op,
        Math.max(56, 7.2 * op.length() + 18), NODE_H, n, null);
  }

  private Item block(Block b) {
    int total = b.totalNodes();
    Map<NodeChange, Integer> counts = new LinkedHashMap<>();
    countChanges(b, counts);
    int gone = counts.getOrDefault(NodeChange.REMOVED, 0) + counts.getOrDefault(NodeChange.FUSED, 0)
        + counts.getOrDefault(NodeChange.FOLDED, 0);
    int changed = counts.getOrDefault(NodeChange.CHANGED, 0);
    int added = counts.getOrDefault(NodeChange.ADDED, 0);
    String sub = total + " nodes" + (gone > 0 ? " −" + gone : "") + (changed > 0 ? " ~" + changed : "")
        + (added > 0 ? " +" + added : "");
    String css = "blk" + (gone + changed + added > 0 ? " has-changes" : "");
    double w = Math.max(150, 7.2 * Math.max(b.label().length(), sub.length()) + 28);
    return new Item(prefix + "B" + blockIndex.get(b), css, "▸ " + b.label(), sub, b.key() + " · click to open or close",
        w, BLOCK_H, null, b);
  }

  private void countChanges(Block b, Map<NodeChange, Integer> counts) {
    for (Node n : b.nodes()) {
      counts.merge(diff.change(n), 1, Integer::sum);
    }
    for (Block c : b.children()) {
      countChanges(c, counts);
    }
  }

  private Item io(String kind, Value v) {
    String label = shorten(v.name());
    return new Item(prefix + "X" + serial++,
        "io " + kind, label, null, (kind.equals("in") ? "graph input " : "graph output ") + v.name() + " · "
        + TypeNotation.format(v.type()), Math.max(60, 7.2 * label.length() + 22), NODE_H, null, null);
  }

  private Item port(String cssClass, Value v) {
    String label = shorten(v.name());
    return new Item(prefix + "X" + serial++, cssClass, label,
        null, (cssClass.endsWith("in") ? "from outside: " : "read outside: ") + v.name() + " · "
        + TypeNotation.format(v.type()), Math.max(40, 6.5 * label.length() + 16), PORT_H, null, null);
  }

  private static String shorten(String name) {
    String s = name.substring(name.lastIndexOf('/') + 1);
    return s.length() <= 28 ? s : s.substring(0, 12) + "…" + s.substring(s.length() - 12);
  }

  /** Per node id: name, op, domain, change, partner, attributes, inputs and outputs with types. */
  public String detailsJson() {
    StringBuilder sb = new StringBuilder();
    JsonWriter json = new JsonWriter(sb).beginObject();
    for (Node n : model.graph()) {
      json.name(id(n)).beginObject()
          .member("name", n.hasName() ? n.name() : "")
          .member("op", n.opType())
          .member("domain", n.domain() == null ? "" : n.domain())
          .member("change", diff.change(n).name().toLowerCase(Locale.ROOT));
      String partner = diff.partner(n) == null ? null : partnerId.apply(diff.partner(n));
      if (partner != null) {
        json.member("partner", partner);
      }
      json.name("attributes").beginArray();
      for (Map.Entry<String, Attribute> a : n.attributes().entrySet()) {
        json.beginArray().value(a.getKey()).value(AttributeText.format(a.getValue())).endArray();
      }
      json.endArray();
      values(json, "inputs", n.inputs());
      values(json, "outputs", n.outputs());
      json.endObject();
    }
    json.endObject();
    return sb.toString();
  }

  private static void values(JsonWriter json, String name, List<Value> values) {
    json.name(name).beginArray();
    for (Value v : values) {
      if (v == null || v.name().isEmpty()) {
        json.beginArray().value("").value("(absent)").endArray();
        continue;
      }
      String type = v.initializer().map(t -> "initializer " + AttributeText.tensor(t))
          .orElseGet(() -> TypeNotation.format(v.type()));
      json.beginArray().value(v.name()).value(type).endArray();
    }
    json.endArray();
  }

  static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }

  static String esc(String s) {
    return JUnitXml.escape(s, true);
  }
}
