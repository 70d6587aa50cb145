package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceOptionalFunctionInferenceTest {
  private static final ValueType.TensorType X = new ValueType.TensorType(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(64)));

  @Test
  void sequencesUniteTheirElementsTypes() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", X);
    Value y = b.input("y", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(32)));
    Value seq = b.op("SequenceConstruct", x, y);
    Value at = b.op("SequenceAt", seq, b.constant(DenseTensor.ofLongs("i", new long[0], 0)));
    Value len = b.op("SequenceLength", seq);
    Value split = b.op("SplitToSequence", List.of(x), Attribute.of("axis", 1L));
    Value stacked = b.op("ConcatFromSequence", List.of(split), Attribute.of("axis", 0L), Attribute.of("new_axis", 1L));
    b.output(at, len, stacked);
    ShapeInference.run(b.model());
    ValueType.TensorType element = (ValueType.TensorType) ((ValueType.SequenceType) seq.type()).elementType();
    assertThat(element.shape().dim(0)).isEqualTo(Dim.of("batch"));
    assertThat(element.shape().dim(1)).isInstanceOf(Dim.Symbolic.class);
    assertThat(at.type()).isEqualTo(element);
    assertThat(len.type()).isEqualTo(new ValueType.TensorType(DataType.INT64, Shape.scalar()));
    assertThat(((ValueType.SequenceType) split.type()).elementType())
        .isEqualTo(new ValueType.TensorType(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(1))));
    Shape s = ((ValueType.TensorType) stacked.type()).shape();
    assertThat(s.rank()).isEqualTo(3);
    assertThat(s.dim(1)).isEqualTo(Dim.of("batch"));
  }

  @Test
  void optionalsWrapAndUnwrapTheirElementType() {
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", X);
    Value opt = b.op("Optional", x);
    Value has = b.op("OptionalHasElement", opt);
    Value back = b.op("OptionalGetElement", opt);
    b.output(has, back);
    ShapeInference.run(b.model());
    assertThat(opt.type()).isEqualTo(new ValueType.OptionalType(X, null));
    assertThat(has.type()).isEqualTo(new ValueType.TensorType(DataType.BOOL, Shape.scalar()));
    assertThat(back.type()).isEqualTo(X);
  }

  @Test
  void modelLocalFunctionsAreInferredThroughACopyOfTheirBodyWithTheCallersAttributes() {
    Graph body = new Graph("body");
    GraphBuilder fb = new GraphBuilder(body);
    Value in = fb.input("X", new ValueType.UnspecifiedType(null));
    Node flatten = fb.node("Flatten", List.of(in), 1);
    flatten.setAttribute(new Attribute.RefAttr("axis", Attribute.Type.INT, "cut", Unmodeled.NONE));
    fb.output(flatten.output(0));
    Function f = new Function("local", "FlattenAt", body);
    f.attributeDefaults().add(Attribute.of("cut", 1L));

    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3), Dim.of(4)));
    GraphBuilder local = b.domain("local", 1);
    Value byDefault = local.op("FlattenAt", x);
    Value atTwo = local.op("FlattenAt", List.of(x), Attribute.of("cut", 2L));
    b.output(byDefault, atTwo);
    Model m = b.model();
    m.functions().add(f);
    ShapeInference.Result r = ShapeInference.run(m);
    // NOTE: Flatten has no rule in this family; what matters is that the call reached its body.
    assertThat(r.operatorsWithoutRule()).doesNotContain("local.FlattenAt");
    assertThat(body.nodes().get(0).attribute("axis").orElseThrow()).isInstanceOf(Attribute.RefAttr.class);
    assertThat(in.type()).isInstanceOf(ValueType.UnspecifiedType.class);
  }

  @Test
  void onnxOperatorsDefinedByFunctionsAreInferredThroughTheSchemaBody() {
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", X);
    Value y = b.op("Celu", x);
    Value z = b.op("Mish", y);
    b.output(z);
    Model m = b.model();
    InferenceRules onlyCeluMissing = InferenceRules.builder()
        .add("Exp", 1, ctx -> ctx.setOutput(0, ctx.inputElementType(0).orElseThrow(), ctx.inputShape(0).orElse(null)))
        .build();
    ShapeInference.Result r = ShapeInference.run(m, InferenceRules.standard());
    assertThat(y.type()).isEqualTo(X);
    assertThat(r.operatorsWithoutRule()).doesNotContain("Celu");
    assertThat(onlyCeluMissing.operators()).hasSize(1);
  }
}
