package dev.scalpel.passes.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.passes.resize.ResizeModels.Form;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ParameterizeResizeTest {

  private static Node resizeOf(Model m) {
    return m.graph().nodes().stream().filter(ResizeForm::isResize).findFirst().orElseThrow();
  }

  private static Model parameterize(Form form) {
    Model m = ResizeModels.of(form);
    new ParameterizeResize().apply(m);
    return m;
  }

  @ParameterizedTest
  @EnumSource(value = Form.class, names = "UPSAMPLE_7", mode = EnumSource.Mode.EXCLUDE)
  void scalesComeFromTheNewScalarInput(Form form) {
    Model m = parameterize(form);
    assertThat(GraphVerifier.verify(m)).isEmpty();
    Value factor = m.graph().inputs().get(1);
    assertThat(factor.name()).isEqualTo("factor");
    assertThat(factor.shape()).contains(Shape.scalar());
    assertThat(factor.dataType()).contains(DataType.FLOAT);
    Node resize = resizeOf(m);
    int scalesAt = form.opset < 11 ? 1 : 2;
    assertThat(resize.inputs()).hasSize(scalesAt + 1);
    Value scales = resize.input(scalesAt);
    assertThat(scales.producer().opType()).isEqualTo("Concat");
    // the old constant is gone, nothing else reads a baked scale
    assertThat(m.graph().initializers()).noneMatch(v -> v.name().startsWith("scales") || v.name().startsWith("sizes"));
    assertThat(resize.attribute("axes")).isEmpty();
  }

  @Test
  void resizeElevenKeepsItsRequiredRoi() {
    Node resize = resizeOf(parameterize(Form.RESIZE_11));
    assertThat(resize.input(1)).isNotNull();
    assertThat(resize.input(1).initializer().orElseThrow().elementCount()).isZero();
  }

  @Test
  void resizeThirteenWithSizesSwitchesToScalesAndDropsSizes() {
    Node resize = resizeOf(parameterize(Form.RESIZE_13_SIZES));
    assertThat(resize.inputs()).hasSize(3);
    assertThat(resize.input(1)).isNull();
  }

  @Test
  void outputDimsBecomeFreshSymbols() {
    Model m = parameterize(Form.RESIZE_13);
    Shape out = m.graph().outputs().get(0).shape().orElseThrow();
    assertThat(out.dim(0)).isEqualTo(Dim.of(1));
    assertThat(out.dim(1)).isEqualTo(Dim.of(1));
    assertThat(out.dim(2)).isInstanceOf(Dim.Symbolic.class);
    assertThat(out.dim(3)).isInstanceOf(Dim.Symbolic.class);
    assertThat(out.dim(2)).isNotEqualTo(out.dim(3));
  }

  @Test
  void perAxisFactorIsOneDimensionalAndIntegerFactorIsCast() {
    Model m = ResizeModels.of(Form.RESIZE_13);
    new ParameterizeResize(ParameterizeResize.Options.defaults().withPerAxis(true).withFactorType(DataType.INT64)
        .withInputName("scale")).apply(m);
    Value factor = m.graph().inputs().get(1);
    assertThat(factor.name()).isEqualTo("scale");
    assertThat(factor.shape()).contains(Shape.of(2));
    assertThat(m.graph().nodes()).anyMatch(n -> n.opType().equals("Cast"));
  }

  @Test
  void upsampleSevenIsRefusedAndLeftUnchanged() {
    Model m = ResizeModels.of(Form.UPSAMPLE_7);
    int nodes = m.graph().nodeCount();
    assertThatThrownBy(() -> new ParameterizeResize(ParameterizeResize.Options.defaults().withNodes(
        List.of(resizeOf(m).name()))).apply(m))
        .isInstanceOf(ResizeException.class).hasMessageContaining("attribute").hasMessageContaining("opset 9");
    assertThat(m.graph().nodeCount()).isEqualTo(nodes);
    assertThat(m.graph().inputs()).hasSize(1);
  }

  @Test
  void aTakenInputNameIsRefused() {
    Model m = ResizeModels.of(Form.RESIZE_13);
    assertThatThrownBy(() -> new ParameterizeResize(ParameterizeResize.Options.defaults().withInputName("x"))
        .apply(m)).isInstanceOf(ResizeException.class).hasMessageContaining("already used");
    assertThat(m.graph().inputs()).hasSize(1);
  }

  @Test
  void aSecondRunFindsNoBakedScales() {
    Model m = parameterize(Form.RESIZE_13);
    assertThatThrownBy(() -> new ParameterizeResize().apply(m))
        .isInstanceOf(ResizeException.class).hasMessageContaining("no Resize or Upsample with baked-in scales");
  }

  @Test
  void unknownNodeNameIsRefused() {
    Model m = ResizeModels.of(Form.RESIZE_13);
    assertThatThrownBy(() -> new ParameterizeResize(ParameterizeResize.Options.defaults().withNodes(List.of("nope")))
        .apply(m)).isInstanceOf(ResizeException.class).hasMessageContaining("no node named 'nope'");
  }
}
