package dev.scalpel.passes.dims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.TestModels;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PyTorch exports at batch 1 in testdata/models are rewritten, proven, with a symbolic batch. */
class MakeDynamicExportsTest {
  @ParameterizedTest
  @ValueSource(strings = {"fixed_batch_cnn.onnx", "fixed_batch_transformer.onnx", "fixed_batch_cls_token.onnx"})
  void provesEveryPlaceThatUsesTheBatch(String file) {
    Model model = TestModels.bundled(file);
    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange("x", 0, Dim.of("batch")))).apply(model);
    assertThat(r.findings()).isEmpty();
    assertThat(r.rewrites()).isNotEmpty();
    assertThat(model.graph().outputs().get(0).shape().get().dim(0)).isEqualTo(Dim.of("batch"));
  }

  @org.junit.jupiter.api.Test
  void headsFoldedIntoTheBatchAreRefusedAndNamed() {
    Model model = TestModels.bundled("fixed_batch_merged_heads.onnx");
    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange("x", 0, Dim.of("batch")))).apply(model);
    assertThat(r.rewrites()).isEmpty();
    assertThat(r.proven()).isFalse();
    assertThat(r.findings()).filteredOn(f -> ShapeCheck.UNPROVEN.matches(f))
        .extracting(Finding::toString)
        .anySatisfy(s -> assertThat(s).startsWith("warning [unproven] Reshape '/Reshape': [5,batch,16]").contains("[5, 4, 4]"))
        .anySatisfy(s -> assertThat(s).contains("graph output 'y' [1,5,16] does not carry batch"));
  }
}
