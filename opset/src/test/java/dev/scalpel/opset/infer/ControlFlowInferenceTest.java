package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlFlowInferenceTest {
  private static final Shape BATCH_64 = Shape.of(Dim.of("batch"), Dim.of(64));

  private static Shape shapeOf(Value v) {
    return ((ValueType.TensorType) v.type()).shape();
  }

  @Test
  void ifKeepsEqualDimsAndGivesDifferingDimsAFreshSymbol() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, BATCH_64);
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", x));
    GraphBuilder other = b.subgraph("else");
    Value halves = other.constant(DenseTensor.ofLongs("shape", new long[] {2}, 0, 32));
    other.output(other.op("Reshape", x, halves));
    Value y = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()), Attribute.of("else_branch", other.graph()));
    b.output(y);
    ShapeInference.run(b.model());
    Shape s = shapeOf(y);
    assertThat(s.rank()).isEqualTo(2);
    assertThat(s.dim(0)).isEqualTo(Dim.of("batch"));
    assertThat(s.dim(1)).isInstanceOf(Dim.Symbolic.class).isNotEqualTo(Dim.of(64));
  }

  @Test
  void ifWithAConstantConditionTakesThatBranchsType() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, BATCH_64);
    Value cond = b.constant(DenseTensor.wrap("c", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {0})));
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", x));
    GraphBuilder other = b.subgraph("else");
    other.output(other.op("Reshape", x, other.constant(DenseTensor.ofLongs("s", new long[] {2}, 0, 32))));
    Value y = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()), Attribute.of("else_branch", other.graph()));
    b.output(y);
    ShapeInference.run(b.model());
    assertThat(shapeOf(y)).isEqualTo(Shape.of(Dim.of("batch"), Dim.of(32)));
  }

  /** A loop of M iterations carrying x unchanged and stacking Relu(x). */
  private static Model loop(boolean withCondition, Value[] outs) {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, BATCH_64);
    Value m = b.constant(DenseTensor.ofLongs("m", new long[0], 5));
    Value cond = withCondition
        ? b.constant(DenseTensor.wrap("t", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {1}))) : null;
    GraphBuilder body = b.subgraph("body");
    body.input("i", DataType.INT64, Shape.scalar());
    Value condIn = body.input("cond_in", DataType.BOOL, Shape.scalar());
    Value carried = body.input("carried", new ValueType.UnspecifiedType(null));
    Value next = body.op("Relu", carried);
    body.output(body.op("Identity", condIn), next, body.op("Relu", next));
    List<Value> ys = b.ops("Loop", 2, Arrays.asList(m, cond, x), Attribute.of("body", body.graph()));
    b.output(ys.get(0), ys.get(1));
    outs[0] = ys.get(0);
    outs[1] = ys.get(1);
    return b.model();
  }

  @Test
  void loopCarriesTypesAndStacksScanOutputsAlongTheTripCount() {
    Value[] outs = new Value[2];
    ShapeInference.run(loop(false, outs));
    assertThat(shapeOf(outs[0])).isEqualTo(BATCH_64);
    assertThat(shapeOf(outs[1])).isEqualTo(Shape.of(Dim.of(5), Dim.of("batch"), Dim.of(64)));
    Value[] withCond = new Value[2];
    ShapeInference.run(loop(true, withCond));
    assertThat(shapeOf(withCond[1]).dim(0)).isEqualTo(Dim.of(5));
  }

  @Test
  void loopCarriedDimsTheBodyChangesBecomeSymbols() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4));
    GraphBuilder body = b.subgraph("body");
    body.input("i", DataType.INT64, Shape.scalar());
    Value condIn = body.input("cond_in", DataType.BOOL, Shape.scalar());
    Value carried = body.input("carried", new ValueType.UnspecifiedType(null));
    // NOTE: broadcasting against [3, 4] turns the carried [1, 4] into [3, 4] after one iteration.
    Value grown = body.op("Add", carried, body.constant(DenseTensor.ofFloats("w", new long[] {3, 4}, new float[12])));
    body.output(condIn, grown);
    Value y = b.op("Loop", Arrays.asList(null, b.input("c", DataType.BOOL, Shape.scalar()), x), Attribute.of("body", body.graph()));
    b.output(y);
    ShapeInference.Result r = ShapeInference.run(b.model());
    Shape s = shapeOf(y);
    assertThat(s.rank()).isEqualTo(2);
    assertThat(s.dim(0)).isInstanceOf(Dim.Symbolic.class);
    assertThat(s.dim(1)).isEqualTo(Dim.of(4));
    assertThat(r.conflictCount()).isZero();
  }

  @Test
  void scanSlicesItsInputsAndStacksItsOutputs() {
    GraphBuilder b = GraphBuilder.create(17);
    Value state = b.input("state", DataType.FLOAT, Shape.of(2));
    Value seq = b.input("seq", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(2)));
    GraphBuilder body = b.subgraph("body");
    Value s = body.input("s", new ValueType.UnspecifiedType(null));
    Value e = body.input("e", new ValueType.UnspecifiedType(null));
    Value sum = body.op("Add", s, e);
    body.output(sum, body.op("Identity", sum));
    List<Value> outs = b.ops("Scan", 2, List.of(state, seq), Attribute.of("body", body.graph()),
        Attribute.of("num_scan_inputs", 1L), Attribute.ofInts("scan_output_axes", 1));
    b.output(outs.get(0), outs.get(1));
    ShapeInference.run(b.model());
    assertThat(shapeOf(outs.get(0))).isEqualTo(Shape.of(2));
    assertThat(shapeOf(outs.get(1))).isEqualTo(Shape.of(Dim.of(2), Dim.of("n")));
  }
}
