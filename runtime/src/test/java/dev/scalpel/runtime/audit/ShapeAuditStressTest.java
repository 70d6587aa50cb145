package dev.scalpel.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.runtime.CheckOptions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit over models built to break shape inference: data-dependent lengths (NonZero, TopK,
 * NonMaxSuppression, Loop trip counts and early exits, Compress, Unique, Range, Tile,
 * ConstantOfShape, Resize sizes) followed by constant-position slices that must clamp. Each model
 * runs through ONNX Runtime at three points of its dynamic dim; no inferred dim may contradict it.
 */
class ShapeAuditStressTest {
  private static Value longs(GraphBuilder b, long... v) {
    return b.constant(DenseTensor.vector("c", v));
  }

  private static Value scalar(GraphBuilder b, long v) {
    return b.constant(DenseTensor.ofLongs("s", new long[0], v));
  }

  private static Value floatScalar(GraphBuilder b, float v) {
    return b.constant(DenseTensor.ofFloats("f", new long[0], v));
  }

  private static Value bool(GraphBuilder b, boolean v) {
    return b.constant(DenseTensor.wrap("t", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {(byte) (v ? 1 : 0)})));
  }

  /** Positions of x > 0.5: [1, count], count data-dependent (0 to n). */
  private static Value nonZero(GraphBuilder b, Value x) {
    return b.op("NonZero", b.op("Greater", x, floatScalar(b, 0.5f)));
  }

  private static ShapeAuditReport audit(Model model) {
    ShapeAuditReport report = ShapeAudit.audit(model, CheckOptions.defaults(), 3);
    System.out.println("[shape-audit] " + model.graph().name() + ": " + report.summary());
    report.contradictions().forEach(c -> System.out.println("[shape-audit]   " + c));
    assertThat(report.points()).isGreaterThanOrEqualTo(3);
    return report;
  }

  private static String inferredType(Model model, String value) {
    Model copy = model.deepCopy();
    ShapeInference.run(copy);
    for (var n : copy.graph()) {
      for (Value v : n.outputs()) {
        if (v.name().equals(value)) {
          return String.valueOf(v.type());
        }
      }
    }
    throw new AssertionError(value + " not found");
  }

  /** Issue 11's SSDlite case: Slice(0, 300) of a NonZero count, then of TopK and Gather results. */
  private static Model sliceOfDataDependentLength() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n")));
    Value nz = nonZero(b, x);
    Value head = b.op("Slice", nz, longs(b, 0), longs(b, 300), longs(b, 1));
    head.setName("head");
    Value tail = b.op("Slice", nz, longs(b, -3), longs(b, Long.MAX_VALUE), longs(b, 1));
    Value inner = b.op("Slice", nz, longs(b, 1), longs(b, -1), longs(b, 1));
    Value window = b.op("Slice", nz, longs(b, -3), longs(b, -1), longs(b, 1));
    Value reversed = b.op("Slice", nz, longs(b, -1), longs(b, Long.MIN_VALUE), longs(b, 1), longs(b, -1));
    Value strided = b.op("Slice", nz, longs(b, 0), longs(b, 300), longs(b, 1), longs(b, 2));
    // TopK over the whole length (k = n from the shape), then Gather of the indices.
    Value k = b.op("Shape", x);
    List<Value> top = b.ops("TopK", 2, List.of(x, k));
    Value gathered = b.op("Gather", List.of(b.op("Unsqueeze", x, longs(b, 1)), top.get(1)), Attribute.of("axis", 0L));
    Value topHead = b.op("Slice", gathered, longs(b, 0), longs(b, 300), longs(b, 0));
    Value count = b.op("Size", nz);
    Value range = b.op("Range", scalar(b, 0), count, scalar(b, 1));
    Value compressed = b.op("Compress", List.of(x, b.op("Greater", x, floatScalar(b, 0.3f))), Attribute.of("axis", 0L));
    Value unique = b.ops("Unique", 4, List.of(b.op("Floor", b.op("Mul", x, floatScalar(b, 4f)))),
        Attribute.of("sorted", 1L)).get(0);
    Value uniqueHead = b.op("Slice", unique, longs(b, 0), longs(b, 3), longs(b, 0));
    Value counted = b.op("ConstantOfShape", b.op("Shape", nz));
    Value tiled = b.op("Tile", x, b.op("Slice", b.op("Shape", nz), longs(b, 1), longs(b, 2), longs(b, 0)));
    b.output(head, tail, inner, window, reversed, strided, topHead, range, compressed, uniqueHead, counted, tiled);
    Model m = b.model();
    m.graph().setName("slice_of_data_dependent_length");
    return m;
  }

  /** NonMaxSuppression selects a data-dependent number of boxes; their coordinates are sliced to 300. */
  private static Model nonMaxSuppression() {
    GraphBuilder b = GraphBuilder.create(13);
    Value boxes = b.input("boxes", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of("n"), Dim.of(4)));
    Value scores = b.input("scores", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of(1), Dim.of("n")));
    Value selected = b.op("NonMaxSuppression", boxes, scores, longs(b, 300), b.constant(DenseTensor.ofFloats("iou",
        new long[] {1}, 0.5f)), b.constant(DenseTensor.ofFloats("th", new long[] {1}, 0.3f)));
    Value index = b.op("Gather", List.of(selected, scalar(b, 2)), Attribute.of("axis", 1L));
    Value picked = b.op("Gather", List.of(b.op("Squeeze", boxes, longs(b, 0)), index), Attribute.of("axis", 0L));
    Value detections = b.op("Slice", picked, longs(b, 0), longs(b, 300), longs(b, 0));
    detections.setName("detections");
    // Resize of the scores to a data-dependent length (selected + 1, never empty).
    Value sizes = b.op("Concat", List.of(longs(b, 1, 1), b.op("Add", b.op("Shape", index), longs(b, 1))),
        Attribute.of("axis", 0L));
    Value resized = b.op("Resize", Arrays.asList(scores, null, null, sizes));
    b.output(detections, resized);
    Model m = b.model();
    m.graph().setName("non_max_suppression");
    return m;
  }

  /**
   * Loops: one whose trip count is a NonZero count, one with a constant trip count of 4 that its
   * condition ends after two iterations; each stacks a [2] scan output per iteration.
   */
  private static Model loops() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n")));
    Value trips = b.op("Size", nonZero(b, x));
    List<Value> counted = b.ops("Loop", 2, Arrays.asList(trips, null, x), Attribute.of("body", body(b, false)));
    List<Value> early = b.ops("Loop", 2, List.of(scalar(b, 4), bool(b, true), x), Attribute.of("body", body(b, true)));
    Value firstTwo = b.op("Slice", counted.get(1), longs(b, 0), longs(b, 2), longs(b, 0));
    b.output(counted.get(0), counted.get(1), early.get(1), firstTwo);
    Model m = b.model();
    m.graph().setName("loops");
    return m;
  }

  /** Body (i, cond, acc) → (cond', acc + acc, [i, i]); cond' is cond, or i < 1 when {@code stopsEarly}. */
  private static Graph body(GraphBuilder outer, boolean stopsEarly) {
    GraphBuilder g = outer.subgraph("body");
    Value i = g.input("i" + (stopsEarly ? "e" : "c"), DataType.INT64, Shape.of(new long[0]));
    Value cond = g.input("cond" + (stopsEarly ? "e" : "c"), DataType.BOOL, Shape.of(new long[0]));
    Value acc = g.input("acc" + (stopsEarly ? "e" : "c"), ValueType.tensor(DataType.FLOAT, null));
    Value next = stopsEarly ? g.op("Less", i, scalar(g, 1)) : g.op("Identity", cond);
    Value doubled = g.op("Add", acc, acc);
    Value unsqueezed = g.op("Unsqueeze", i, longs(g, 0));
    Value pair = g.op("Concat", List.of(unsqueezed, unsqueezed), Attribute.of("axis", 0L));
    g.output(next, doubled, pair);
    return g.graph();
  }

  @Test
  void sliceOfDataDependentLengthsAgreesWithOnnxRuntime() {
    Model m = sliceOfDataDependentLength();
    assertThat(inferredType(m, "head")).as("min(count, 300), not 300").matches("int64\\[1,min\\(300,.+\\)\\]");
    ShapeAuditReport report = audit(m);
    assertThat(report.contradictions()).isEmpty();
    assertThat(report.symbolicEvaluated()).as("data-dependent dims checked against their first size").isPositive();
  }

  @Test
  void nonMaxSuppressionAgreesWithOnnxRuntime() {
    Model m = nonMaxSuppression();
    assertThat(inferredType(m, "detections")).isEqualTo("float[min(300,nms_selected),4]");
    assertThat(audit(m).contradictions()).isEmpty();
  }

  @Test
  void loopsAgreeWithOnnxRuntime() {
    assertThat(audit(loops()).contradictions()).isEmpty();
  }

  /** The audit is not blind: a declared [1,300] on the sliced NonZero positions is contradicted. */
  @Test
  void aWrongDeclaredStaticDimIsAContradiction() {
    Model m = sliceOfDataDependentLength();
    for (var n : m.graph()) {
      for (Value v : n.outputs()) {
        if (v.name().equals("head")) {
          v.setType(ValueType.tensor(DataType.INT64, Shape.of(1, 300)));
        }
      }
    }
    ShapeAuditReport report = audit(m);
    assertThat(report.contradictions()).extracting(ShapeContradiction::value).contains("head");
    assertThat(report.contradictions()).allSatisfy(c -> assertThat(c.why()).contains("static 300"));
  }
}
