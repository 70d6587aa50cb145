package dev.scalpel.opset.lint.trt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each readiness rule on a small model that triggers it and on one that does not (the nearest
 * legal variant), from the parser's documented behaviour (reference A.*).
 */
class TrtRulesTest {

  private static final Shape NCHW = Shape.of(1, 3, 8, 8);

  /** x: float[1,3,8,8] -> opType(x, extra...) -> y. */
  private static Model op(long opset, String opType, List<Value> extra, int outputs, Attribute... attrs) {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, NCHW);
    List<Value> in = new java.util.ArrayList<>();
    in.add(x);
    in.addAll(extra);
    Node n = b.node(opType, in, outputs, attrs);
    for (Value out : n.outputs()) {
      b.output(out);
    }
    return b.model();
  }

  private static Model op(String opType, Attribute... attrs) {
    return op(17, opType, List.of(), 1, attrs);
  }

  /** Extra inputs need the builder, so these models are built in full. */
  private interface Build {
    void into(GraphBuilder b, Value x);
  }

  private static Model model(long opset, Build build) {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, NCHW);
    build.into(b, x);
    return b.model();
  }

  private static Value ints(GraphBuilder b, long... v) {
    return b.constant(DenseTensor.vector("c", v));
  }

  private static Value floats(GraphBuilder b, float... v) {
    return b.constant(DenseTensor.ofFloats("f", new long[] {v.length}, v));
  }

  private static Arguments c(String rule, TrtVersion version, boolean fires, String what, Supplier<Model> model) {
    return Arguments.of(rule, version, fires, what, model);
  }

  static Stream<Arguments> cases() {
    TrtVersion v10 = TrtVersion.V10;
    TrtVersion v86 = TrtVersion.V8_6;
    return Stream.of(
        c("trt-opset", v86, true, "opset 18 on 8.6", () -> op(18, "Relu", List.of(), 1)),
        c("trt-opset", v86, false, "opset 17 on 8.6", () -> op(17, "Relu", List.of(), 1)),
        c("trt-opset", v10, true, "opset 21 on 10", () -> op(21, "Relu", List.of(), 1)),
        c("trt-opset", v10, false, "opset 20 on 10", () -> op(20, "Relu", List.of(), 1)),
        c("trt-ir-version", v86, true, "IR 10 on 8.6", () -> op("Relu")),
        c("trt-ir-version", v86, false, "IR 8 on 8.6", () -> { Model m = op("Relu"); m.setIrVersion(8); return m; }),
        c("trt-unsupported-op", v10, true, "Det", () -> model(17, (b, x) -> b.output(b.op("Det", x)))),
        c("trt-unsupported-op", v86, true, "Gelu on 8.6", () -> model(20, (b, x) -> b.output(b.op("Gelu", x)))),
        c("trt-unsupported-op", v10, false, "Gelu on 10", () -> model(20, (b, x) -> b.output(b.op("Gelu", x)))),
        c("trt-unsupported-op", v10, true, "custom domain", () -> model(17, (b, x) -> b.output(b.domain("com.acme", 1).op("Foo", x)))),
        c("trt-dtype", v10, true, "UINT8 inside", () -> model(17, (b, x) -> b.output(b.op("Cast",
            List.of(b.op("Cast", List.of(x), Attribute.of("to", (long) DataType.UINT8.code()))),
            Attribute.of("to", (long) DataType.FLOAT.code()))))),
        c("trt-dtype", v10, false, "UINT8 as output", () -> model(17, (b, x) -> b.output(typed(b.op("Cast", List.of(x),
            Attribute.of("to", (long) DataType.UINT8.code())), DataType.UINT8)))),
        c("trt-dtype", v86, true, "BFLOAT16 on 8.6", () -> model(17, (b, x) -> b.output(typed(b.op("Cast", List.of(x),
            Attribute.of("to", (long) DataType.BFLOAT16.code())), DataType.BFLOAT16)))),
        c("trt-dtype", v10, false, "BFLOAT16 on 10", () -> model(17, (b, x) -> b.output(typed(b.op("Cast", List.of(x),
            Attribute.of("to", (long) DataType.BFLOAT16.code())), DataType.BFLOAT16)))),
        c("trt-int64", v86, true, "INT64 initializer beyond INT32", () -> model(17, (b, x) -> b.output(toFloat(b, b.op("Gather",
            b.constant(DenseTensor.vector("big", 5_000_000_000L)), ints(b, 0)))))),
        c("trt-int64", v10, false, "INT64 initializer on 10", () -> model(17, (b, x) -> b.output(toFloat(b, b.op("Gather",
            b.constant(DenseTensor.vector("big", 5_000_000_000L)), ints(b, 0)))))),
        c("trt-int64", v10, true, "INT64 graph output on 10", () -> model(17, (b, x) -> b.output(b.op("Gather",
            b.constant(DenseTensor.vector("big", 5L)), ints(b, 0))))),
        c("trt-constant-input", v10, true, "Squeeze axes computed", () -> model(17, (b, x) -> b.output(
            b.op("Squeeze", b.op("ReduceMax", x), b.op("Add", ints(b, 0), ints(b, 0)))))),
        c("trt-constant-input", v10, false, "Squeeze axes initializer", () -> model(17, (b, x) -> b.output(
            b.op("Squeeze", b.op("ReduceMax", x), ints(b, 0))))),
        c("trt-constant-input", v86, true, "Clip max computed on 8.6", () -> model(17, (b, x) -> b.output(
            b.op("Clip", x, null, b.op("ReduceMax", x, null))))),
        c("trt-constant-input", v10, false, "Clip max computed on 10", () -> model(17, (b, x) -> b.output(
            b.op("Clip", x, null, b.op("ReduceMax", x, null))))),
        c("trt-resize", v10, true, "tf_crop_and_resize", () -> model(17, (b, x) -> b.output(b.op("Resize",
            List.of(x, floats(b, 0, 0, 0, 0, 1, 1, 1, 1), floats(b, 1, 1, 2, 2)), Attribute.of("coordinate_transformation_mode", "tf_crop_and_resize"))))),
        c("trt-resize", v10, true, "linear on N and C", () -> model(17, (b, x) -> b.output(b.op("Resize",
            Arrays.asList(x, null, floats(b, 2, 2, 2, 2)), Attribute.of("mode", "linear"))))),
        c("trt-resize", v10, false, "linear on H and W", () -> model(17, (b, x) -> b.output(b.op("Resize",
            Arrays.asList(x, null, floats(b, 1, 1, 2, 2)), Attribute.of("mode", "linear"))))),
        c("trt-pooling", v10, true, "MaxPool dilations 2", () -> op("MaxPool", Attribute.ofInts("kernel_shape", 2, 2),
            Attribute.ofInts("dilations", 2, 2))),
        c("trt-pooling", v10, true, "MaxPool Indices used", () -> op(17, "MaxPool", List.of(), 2, Attribute.ofInts("kernel_shape", 2, 2))),
        c("trt-pooling", v10, false, "plain MaxPool", () -> op("MaxPool", Attribute.ofInts("kernel_shape", 2, 2))),
        c("trt-topk", v10, true, "TopK unsorted", () -> model(17, (b, x) -> b.output(b.ops("TopK", 2, List.of(x, ints(b, 3)),
            Attribute.of("sorted", 0L)).get(0)))),
        c("trt-topk", v10, true, "TopK K 4000", () -> model(17, (b, x) -> b.output(b.ops("TopK", 2, List.of(x, ints(b, 4000))).get(0)))),
        c("trt-topk", v10, false, "TopK K 3", () -> model(17, (b, x) -> b.output(b.ops("TopK", 2, List.of(x, ints(b, 3))).get(0)))),
        c("trt-training-mode", v10, true, "BatchNormalization training", () -> model(15, (b, x) -> b.output(bn(b, x, 1)))),
        c("trt-training-mode", v10, false, "BatchNormalization inference", () -> model(15, (b, x) -> b.output(bn(b, x, 0)))),
        c("trt-constant-node", v10, true, "Constant value_strings", () -> model(17, (b, x) -> {
          b.output(x.uses().isEmpty() ? b.op("Relu", x) : x);
          b.output(b.node("Constant", List.of(), 1, Attribute.ofStrings("value_strings", List.of("a"))).output(0));
        })),
        c("trt-constant-node", v10, false, "Constant tensor", () -> model(17, (b, x) -> b.output(b.op("Add", x,
            b.node("Constant", List.of(), 1, Attribute.of("value", DenseTensor.ofFloats("", new long[0], 1f))).output(0))))),
        c("trt-attribute", v10, true, "ScatterND add", () -> model(17, (b, x) -> b.output(b.op("ScatterND",
            List.of(x, b.constant(DenseTensor.ofLongs("i", new long[] {1, 1}, 0)), x), Attribute.of("reduction", "add"))))),
        c("trt-attribute", v10, false, "ScatterND plain", () -> model(17, (b, x) -> b.output(b.op("ScatterND",
            x, b.constant(DenseTensor.ofLongs("i", new long[] {1, 1}, 0)), x)))),
        c("trt-qdq", v10, true, "Q/DQ with a non-zero zero point", () -> model(17, (b, x) -> {
          Value s = b.constant(DenseTensor.ofFloats("s", new long[0], 0.1f));
          Value z = b.constant(int8("z", new long[0], 3));
          b.output(b.op("DequantizeLinear", b.op("QuantizeLinear", x, s, z), s, z));
        })),
        c("trt-qdq", v10, false, "symmetric int8 Q/DQ", () -> model(17, (b, x) -> {
          Value s = b.constant(DenseTensor.ofFloats("s", new long[0], 0.1f));
          Value z = b.constant(int8("z", new long[0], 0));
          b.output(b.op("DequantizeLinear", b.op("QuantizeLinear", x, s, z), s, z));
        })),
        c("trt-shape-tensor-input", v10, true, "float input into Reshape shape", () -> model(17, (b, x) -> {
          Value s = b.input("s", DataType.FLOAT, Shape.of(4));
          b.output(b.op("Reshape", x, b.op("Cast", List.of(s), Attribute.of("to", (long) DataType.INT64.code()))));
        })),
        c("trt-shape-tensor-input", v10, false, "Shape of the input into Reshape", () -> model(17, (b, x) ->
            b.output(b.op("Reshape", x, b.op("Shape", x))))),
        c("trt-initializer-input", v10, true, "input that is an initializer", () -> model(17, (b, x) -> {
          Value w = b.input("w", DataType.FLOAT, Shape.of(1));
          b.graph().addInitializer(w, DenseTensor.ofFloats("w", new long[] {1}, 1f));
          b.output(b.op("Add", x, w));
        })),
        c("trt-initializer-input", v10, false, "plain initializer", () -> model(17, (b, x) ->
            b.output(b.op("Add", x, floats(b, 1))))));
  }

  private static Value toFloat(GraphBuilder b, Value v) {
    return b.op("Cast", List.of(v), Attribute.of("to", (long) DataType.FLOAT.code()));
  }

  private static Value typed(Value v, DataType t) {
    v.setType(dev.scalpel.graph.ValueType.tensor(t, NCHW));
    return v;
  }

  private static Value bn(GraphBuilder b, Value x, long training) {
    Value p = floats(b, 1, 1, 1);
    List<Value> outs = b.ops("BatchNormalization", training == 1 ? 3 : 1, List.of(x, p, p, p, p),
        Attribute.of("training_mode", training));
    if (training == 1) {
      b.output(outs.get(1));
    }
    return outs.get(0);
  }

  @ParameterizedTest(name = "{0} {1} {3}: fires={2}")
  @MethodSource("cases")
  void ruleFiresExactlyWhenTheParserWouldObject(String rule, TrtVersion version, boolean fires, String what,
      Supplier<Model> model) {
    Model m = model.get();
    dev.scalpel.opset.infer.ShapeInference.run(m);
    TrtReport report = TrtReadiness.check(m, version);
    assertThat(report.of(rule)).as(what + ": " + report.findings()).hasSize(fires ? report.of(rule).size() : 0);
    if (fires) {
      assertThat(report.of(rule)).as(what + ": " + report.findings()).isNotEmpty();
      Finding f = report.of(rule).get(0);
      assertThat(f.message()).isNotBlank();
      assertThat(f.hint()).isNotBlank();
    }
  }

  @org.junit.jupiter.api.Test
  void everyRuleHasATriggeringCase() {
    List<String> covered = cases().filter(a -> (Boolean) a.get()[2]).map(a -> (String) a.get()[0]).distinct().toList();
    assertThat(covered).containsAll(TrtReadiness.rules().stream().map(TrtRule::id).toList());
  }

  @org.junit.jupiter.api.Test
  void symbolicDimsAreNotFlaggedByTheRules() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3)));
    b.output(b.op("Relu", x));
    assertThat(TrtReadiness.check(b.model(), TrtVersion.V10).ready()).isTrue();
  }

  private static dev.scalpel.graph.Tensor int8(String name, long[] dims, int... values) {
    java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(values.length);
    for (int v : values) {
      data.put((byte) v);
    }
    data.flip();
    return DenseTensor.wrap(name, DataType.INT8, dims, data);
  }
}
