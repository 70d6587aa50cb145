package dev.scalpel.passes.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.traverse.GraphVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InsertResizeTest {

  /** x: float[1,2,3,4] -> Relu -> r -> Sigmoid -> y (output); r also an output when asked. */
  static Model model(long opset, boolean reluIsOutput) {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    Value r = b.op("Relu", x);
    r.setName("r");
    r.setType(dev.scalpel.graph.ValueType.tensor(DataType.FLOAT, Shape.of(1, 2, 3, 4)));
    Value y = b.op("Sigmoid", r);
    b.output(y);
    if (reluIsOutput) {
      b.output(r);
    }
    return b.model();
  }

  private static Node resizeOf(Model m) {
    return m.graph().nodes().stream().filter(ResizeForm::isResize).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 9, 10, 11, 13, 18, 19})
  void emitsTheFormOfTheOpsetAndRewiresConsumers(long opset) {
    Model m = model(opset, false);
    new InsertResize(InsertResize.Options.of("r", 1, 1, 2, 2)).apply(m);
    assertThat(GraphVerifier.verify(m)).isEmpty();
    Node resize = resizeOf(m);
    assertThat(resize.opType()).isEqualTo(opset < 10 ? "Upsample" : "Resize");
    int expectedInputs = opset < 9 ? 1 : opset < 11 ? 2 : 3;
    assertThat(resize.inputs()).hasSize(expectedInputs);
    if (opset >= 11) {
      assertThat(resize.input(1) == null).isEqualTo(opset >= 13);
    }
    Node sigmoid = m.graph().nodes().stream().filter(n -> n.opType().equals("Sigmoid")).findFirst().orElseThrow();
    assertThat(sigmoid.input(0)).isSameAs(resize.output(0));
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(1, 2, 6, 8));
  }

  @Test
  void aGraphOutputKeepsItsNameAndNowHoldsTheResizedTensor() {
    Model m = model(13, true);
    new InsertResize(InsertResize.Options.of("r", 1, 1, 2, 2)).apply(m);
    Value out = m.graph().outputs().get(1);
    assertThat(out.name()).isEqualTo("r");
    assertThat(out.producer().opType()).isEqualTo("Resize");
    assertThat(out.shape()).contains(Shape.of(1, 2, 6, 8));
    assertThat(resizeOf(m).input(0).name()).isEqualTo("r_before_resize");
    assertThat(GraphVerifier.verify(m)).isEmpty();
  }

  @Test
  void cubicBeforeOpsetElevenIsRefused() {
    Model m = model(10, false);
    assertThatThrownBy(() -> new InsertResize(InsertResize.Options.of("r", 1, 1, 2, 2).withMode("cubic"))
        .apply(m)).isInstanceOf(ResizeException.class).hasMessageContaining("Resize-10");
    assertThat(m.graph().nodeCount()).isEqualTo(2);
  }

  @Test
  void aCoordinateModeTheVersionLacksIsRefused() {
    assertThatThrownBy(() -> new InsertResize(InsertResize.Options.of("r", 1, 1, 2, 2)
        .withCoordinateMode("half_pixel_symmetric")).apply(model(18, false)))
        .isInstanceOf(ResizeException.class).hasMessageContaining("Resize-18");
    Model m19 = model(19, false);
    new InsertResize(InsertResize.Options.of("r", 1, 1, 2, 2).withCoordinateMode("half_pixel_symmetric"))
        .apply(m19);
    assertThat(resizeOf(m19).attribute("coordinate_transformation_mode").orElseThrow().asString())
        .isEqualTo("half_pixel_symmetric");
  }

  @Test
  void wrongRankUnknownTensorAndDownscalingUpsampleAreRefused() {
    assertThatThrownBy(() -> new InsertResize(InsertResize.Options.of("r", 2, 2)).apply(model(13, false)))
        .isInstanceOf(ResizeException.class).hasMessageContaining("rank 4");
    assertThatThrownBy(() -> new InsertResize(InsertResize.Options.of("nope", 1, 1, 2, 2)).apply(model(13, false)))
        .isInstanceOf(ResizeException.class).hasMessageContaining("no tensor named 'nope'");
    assertThatThrownBy(() -> new InsertResize(InsertResize.Options.of("r", 1, 1, 0.5f, 0.5f)).apply(model(9, false)))
        .isInstanceOf(ResizeException.class).hasMessageContaining(">= 1");
  }

  @Test
  void aGraphInputCanBeResized() {
    Model m = model(13, false);
    new InsertResize(InsertResize.Options.of("x", 1, 1, 2, 2)).apply(m);
    assertThat(m.graph().inputs().get(0).name()).isEqualTo("x");
    assertThat(m.graph().nodes().get(0).opType()).isEqualTo("Resize");
    assertThat(GraphVerifier.verify(m)).isEmpty();
  }

  /**
   * An edit's nature, not a bug: each application inserts what it was asked to, so two insert two
   * Resize nodes and the tensor is resized twice (3x4 -> 6x8 -> 12x16). A pass would have had to
   * reach a fixed point instead (ModelPass's contract), which is why this is a ModelEdit.
   */
  @Test
  void appliedTwiceItInsertsTwice() {
    Model m = model(13, false);
    InsertResize edit = new InsertResize(InsertResize.Options.of("r", 1, 1, 2, 2));
    InsertResize.Result first = edit.apply(m);
    InsertResize.Result second = edit.apply(m);
    assertThat(m.graph().nodes().stream().filter(ResizeForm::isResize).count()).isEqualTo(2);
    assertThat(second.node()).isNotEqualTo(first.node());
    assertThat(GraphVerifier.verify(m)).isEmpty();
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(1, 2, 12, 16));
  }
}
