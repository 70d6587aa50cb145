package dev.scalpel.graph.io;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Unmodeled;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM with a small heap by {@link LargeModelTest}: loads a model with several GiB of
 * external weights, edits it (renames a node, adds an attribute, inserts an Identity), saves it to
 * another folder with external data, re-loads the copy and checks that the marker bytes landed where
 * they belong. Prints {@link #PASSED} and exits 0 when every check holds; exits 1 otherwise.
 *
 * <p>Usage: {@code LargeModelEditor SOURCE_MODEL TARGET_MODEL}
 */
public final class LargeModelEditor {
  static final String PASSED = "LARGE MODEL CHECKS PASSED";
  static final long GIB = 1L << 30;
  static final int TENSORS = 3;
  /** Positions inside each tensor that hold a non-zero marker byte. */
  static final long[] MARKER_POSITIONS = {0, 4095, 4096, 123_456_789, GIB - 1};

  private LargeModelEditor() {}

  /** The marker byte of tensor {@code tensor} at {@code MARKER_POSITIONS[k]}: never zero. */
  static byte marker(int tensor, int k) {
    return (byte) (tensor * 16 + k + 1);
  }

  static String tensorName(int i) {
    return "w" + i;
  }

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    try {
      Model m = OnnxReader.read(source);
      edit(m.graph());
      OnnxWriter.write(m, target, WriteOptions.defaults().withDataFileName("weights.data"));
      verify(OnnxReader.read(target));
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.out.println(PASSED);
    System.out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, used "
        + ((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20) + " MiB");
  }

  private static void edit(Graph g) {
    Node first = g.nodes().get(0);
    first.setName("first_renamed");
    first.setAttribute(new Attribute.StringAttr("note", "edited in a 512 MiB heap", Unmodeled.NONE));
    Node last = g.nodes().get(g.nodeCount() - 1);
    Node identity = new Node(null, "Identity", List.of(last.input(0)), List.of("before_last"), List.of());
    identity.setName("inserted_identity");
    g.insertBefore(last, identity);
    last.replaceInput(0, identity.output(0));
  }

  private static void verify(Model m) {
    Graph g = m.graph();
    check(g.nodeCount() == TENSORS + 1, "node count " + g.nodeCount());
    check(g.nodes().get(0).name().equals("first_renamed"), "rename lost");
    check(g.nodes().get(0).attribute("note").isPresent(), "attribute lost");
    check(g.nodes().stream().anyMatch(n -> n.opType().equals("Identity")), "Identity lost");
    for (int i = 0; i < TENSORS; i++) {
      Tensor t = g.initializer(tensorName(i)).orElseThrow().initializer().orElseThrow();
      check(t.isExternal(), tensorName(i) + " is not external");
      check(t.byteSize() == GIB, tensorName(i) + " has " + t.byteSize() + " bytes");
      ByteBuffer data = t.data();
      for (int k = 0; k < MARKER_POSITIONS.length; k++) {
        int pos = (int) MARKER_POSITIONS[k];
        check(data.get(pos) == marker(i, k), tensorName(i) + "[" + pos + "] = " + data.get(pos));
        if (pos + 1 < GIB && (k + 1 == MARKER_POSITIONS.length || MARKER_POSITIONS[k + 1] != pos + 1)) {
          check(data.get(pos + 1) == 0, tensorName(i) + "[" + (pos + 1) + "] is not zero");
        }
      }
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("check failed: " + what);
    }
  }
}
