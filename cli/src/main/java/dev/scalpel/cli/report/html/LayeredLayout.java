package dev.scalpel.cli.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays out boxes joined by directed edges in layers, top to bottom, with Eclipse ELK's layered
 * algorithm (Sugiyama style: cycle breaking, layering, crossing minimisation, node placement,
 * polyline edge routing). Plain Java: ELK runs here without OSGi or an Eclipse runtime.
 *
 * <p>NOTE: ELK walks some structures recursively, so a long chain (an LLM drawn without blocks)
 * overflows a default thread stack; the layout runs in a thread with a {@value #STACK_BYTES}-byte
 * stack, and connected components are not separated (that step recurses once per node).
 */
public final class LayeredLayout {
  private static final long STACK_BYTES = 1L << 30;
  /** Above this many boxes, crossing minimisation tries fewer orders (ELK's thoroughness 1 instead of 7). */
  private static final int LARGE = 600;

  /** Where each box went (top-left corners, in box order), each edge's points and the drawing's size. */
  public record Result(double[] x, double[] y, List<double[]> edgePoints, double width, double height) {}

  private final List<double[]> boxes = new ArrayList<>();
  private final List<int[]> edges = new ArrayList<>();

  /** Adds a box of the given size and returns its index. */
  public int box(double width, double height) {
    boxes.add(new double[] {width, height});
    return boxes.size() - 1;
  }

  /** Adds an edge between two boxes; its points come back in {@link Result#edgePoints} in this order. */
  public void edge(int from, int to) {
    edges.add(new int[] {from, to});
  }

  public Result run() {
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(layout());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "scalpel-layout", STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while laying out the graph", e);
    }
    if (failure.get() instanceof RuntimeException e) {
      throw e;
    } else if (failure.get() instanceof Error e) {
      throw e;
    } else if (failure.get() != null) {
      throw new IllegalStateException("graph layout failed", failure.get());
    }
    return result.get();
  }

  private Result layout() {
    ElkNode root = ElkGraphUtil.createGraph();
    root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
    root.setProperty(CoreOptions.SEPARATE_CONNECTED_COMPONENTS, false);
    root.setProperty(CoreOptions.SPACING_NODE_NODE, 18.0);
    root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 26.0);
    root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(12));
    if (boxes.size() > LARGE) {
      root.setProperty(LayeredOptions.THOROUGHNESS, 1);
    }
    List<ElkNode> nodes = new ArrayList<>(boxes.size());
    for (double[] b : boxes) {
      ElkNode n = ElkGraphUtil.createNode(root);
      n.setDimensions(b[0], b[1]);
      nodes.add(n);
    }
    List<ElkEdge> elkEdges = new ArrayList<>(edges.size());
    for (int[] e : edges) {
      elkEdges.add(ElkGraphUtil.createSimpleEdge(nodes.get(e[0]), nodes.get(e[1])));
    }
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
    double[] x = new double[nodes.size()];
    double[] y = new double[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      x[i] = nodes.get(i).getX();
      y[i] = nodes.get(i).getY();
    }
    List<double[]> points = new ArrayList<>(elkEdges.size());
    for (ElkEdge e : elkEdges) {
      points.add(points(e));
    }
    return new Result(x, y, points, root.getWidth(), root.getHeight());
  }

  /** Start, bend points and end of an edge's first section, as x0,y0,x1,y1,... */
  private static double[] points(ElkEdge e) {
    if (e.getSections().isEmpty()) {
      return new double[0];
    }
    ElkEdgeSection s = e.getSections().get(0);
    double[] p = new double[4 + 2 * s.getBendPoints().size()];
    int i = 0;
    p[i++] = s.getStartX();
    p[i++] = s.getStartY();
    for (ElkBendPoint b : s.getBendPoints()) {
      p[i++] = b.getX();
      p[i++] = b.getY();
    }
    p[i++] = s.getEndX();
    p[i] = s.getEndY();
    return p;
  }
}
