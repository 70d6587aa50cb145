package dev.scalpel.passes.dims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.passes.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetDimsTest {
  private static SetDims edit() {
    return new SetDims(List.of(new InputShape("x", List.of(Dim.of("batch"), Dim.of(3), Dim.of("h"), Dim.of(8)))),
        List.of(), Map.of("batch", "N"));
  }

  private static Value output(Model m, String op) {
    return m.graph().nodes().stream().filter(n -> n.opType().equals(op)).findFirst().orElseThrow().output(0);
  }

  @Test
  void staleIntermediateShapesAreInferredAgain() {
    Model m = TestModels.tinyCnn();
    new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of(4))), Map.of()).apply(m);
    // Reshape's target comes from Shape → Gather → Concat: the new batch flows through the values.
    assertThat(output(m, "Reshape").shape()).contains(Shape.of(4, 512));
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(4, 10));
  }

  @Test
  void valuesNotComputedFromAChangedInputKeepTheirShapes() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(3)));
    Value z = b.input("z", DataType.FLOAT, Shape.of(Dim.of("m"), Dim.of(3)));
    Value rx = b.op("Relu", x);
    Value rz = b.op("Relu", z);
    b.output(rx, rz);
    // A declared shape that inference could not derive: it must survive a change elsewhere.
    rz.setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("m"), Dim.of(3))));
    rx.setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(3))));
    Model m = b.model();

    SetDims.Result r = new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of(5))), Map.of()).apply(m);

    assertThat(r.changedInputs()).containsExactly("x [5,3]");
    assertThat(r.clearedShapes()).isEqualTo(1);
    assertThat(rx.shape()).contains(Shape.of(5, 3));
    assertThat(rz.shape()).contains(Shape.of(Dim.of("m"), Dim.of(3)));
  }

  @Test
  void renamingReachesExpressionsButNotLongerNames() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("N"), Dim.of("N_max")));
    Value y = b.op("Relu", x);
    b.output(y);
    y.setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("2*N"), Dim.of("N_max"))));
    Model m = b.model();

    new SetDims(List.of(), List.of(), Map.of("N", "batch")).apply(m);

    assertThat(x.shape()).contains(Shape.of(Dim.of("batch"), Dim.of("N_max")));
    assertThat(y.shape()).contains(Shape.of(Dim.of("2*batch"), Dim.of("N_max")));
  }

  @Test
  void aReshapeConstantThatCannotHoldTheInputIsAContradiction() {
    Model m = TestModels.bundled("fixed_batch_cnn.onnx");
    // [1,-1] flattens anything; the Gemm after it is what breaks: K 256 against weights of 128.
    SetDims.Result r = new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of(2))), Map.of()).apply(m);
    assertThat(r.findings()).isNotEmpty();
    assertThat(r.hasContradictions()).as(r.findings().toString()).isTrue();
  }

  @Test
  void aSymbolicBatchThatTheFlattenFixesAtOneIsACondition() {
    Model m = TestModels.bundled("fixed_batch_cnn.onnx");
    SetDims.Result r = new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of("batch"))), Map.of()).apply(m);
    assertThat(r.hasContradictions()).isFalse();
    // view(1, -1) gives [1, 128*batch]; the Linear needs 128 columns.
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(ShapeCheck.CONDITIONAL.id());
      assertThat(f.message()).contains("runs only when 128*batch = 128");
    });
  }

  @Test
  void specsThatDoNotFitTheModelChangeNothing() {
    Model m = TestModels.tinyCnn();
    Shape before = m.graph().inputs().get(0).shape().orElseThrow();
    assertThatThrownBy(() -> new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of(2)),
        new DimChange("x", 9, Dim.of(2))), Map.of()).apply(m))
        .isInstanceOf(DimSpecException.class).hasMessageContaining("axis 9");
    assertThat(m.graph().inputs().get(0).shape()).contains(before);
  }

  @Test
  void denotationsOfTheInputSurvive() {
    Model m = TestModels.tinyCnn();
    Value x = m.graph().inputs().get(0);
    x.setType(((ValueType.TensorType) x.type()).withShape(Shape.withDenotations(x.shape().get().dims(),
        java.util.Arrays.asList("DATA_BATCH", "DATA_CHANNEL", null, null))));
    new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of(1))), Map.of()).apply(m);
    assertThat(x.shape().get().denotation(0)).isEqualTo("DATA_BATCH");
    assertThat(x.shape().get().dim(0)).isEqualTo(Dim.of(1));
  }

  @Test
  void nodesAreUntouched() {
    Model m = TestModels.tinyCnn();
    List<Node> before = List.copyOf(m.graph().nodes());
    edit().apply(m);
    assertThat(m.graph().nodes()).containsExactlyElementsOf(before);
  }

  /** An edit has no idempotence contract, but set-dims happens to be repeatable: a second application changes no byte. */
  @Test
  void aSecondApplicationChangesNothingAndTheGraphStaysValid() {
    Model m = TestModels.tinyCnn();
    List<String> signature = m.graph().inputs().stream().map(Value::name).toList();
    edit().apply(m);
    byte[] once = OnnxWriter.toBytes(m);
    assertThat(GraphVerifier.verify(m)).isEmpty();
    edit().apply(m);
    assertThat(OnnxWriter.toBytes(m)).isEqualTo(once);
    assertThat(m.graph().inputs().stream().map(Value::name).toList()).isEqualTo(signature);
    assertThat(m.graph().inputs().get(0).shape()).contains(Shape.of(Dim.of("N"), Dim.of(3), Dim.of("h"), Dim.of(8)));
  }
}
