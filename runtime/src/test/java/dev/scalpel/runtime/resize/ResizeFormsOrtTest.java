package dev.scalpel.runtime.resize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.resize.InsertResize;
import dev.scalpel.passes.resize.ParameterizeResize;
import dev.scalpel.passes.resize.ResizeModels;
import dev.scalpel.passes.resize.ResizeModels.Form;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each opset form of a parameterized Resize/Upsample, run through ONNX Runtime: fed the baked
 * factor (2) it gives the original model's output; fed 3 it gives a 3x output whose values are
 * the nearest (asymmetric, floor) resize computed by hand. Upsample-7 has no tensor form
 * (refused, tested in the passes module).
 */
class ResizeFormsOrtTest {
  private static final DenseTensor X = OrtRuns.randomFloats("x", 7, 1, 1, 3, 4);

  @ParameterizedTest
  @EnumSource(value = Form.class, names = "UPSAMPLE_7", mode = EnumSource.Mode.EXCLUDE)
  void parameterizedModelMatchesTheOriginalAndScalesByTheFactor(Form form) {
    Model original = ResizeModels.of(form);
    Tensor expected = OrtRuns.run(original, Map.of("x", X));
    Model rewritten = ResizeModels.of(form);
    new ParameterizeResize().apply(rewritten);

    Tensor atTwo = OrtRuns.run(rewritten, Map.of("x", X, "factor", OrtRuns.scalar("factor", 2f)));
    assertThat(atTwo.dims()).containsExactly(expected.dims());
    assertThat(atTwo.toFloatArray()).containsExactly(expected.toFloatArray());

    Tensor atThree = OrtRuns.run(rewritten, Map.of("x", X, "factor", OrtRuns.scalar("factor", 3f)));
    assertThat(atThree.dims()).containsExactly(1, 1, 9, 12);
    float[] byHand = relu(ResizeModels.nearest(X.toFloatArray(), 1, 1, 3, 4, 3));
    assertThat(atThree.toFloatArray()).containsExactly(byHand);
  }

  @ParameterizedTest
  @ValueSource(longs = {9, 10, 11, 13, 18, 19})
  void insertedResizeComputesTheNearestResizeByHand(long opset) {
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(opset);
    var x = b.input("x", dev.scalpel.graph.DataType.FLOAT, dev.scalpel.graph.Shape.of(1, 1, 3, 4));
    var y = b.op("Identity", x);
    b.output(y);
    Model m = b.model();
    InsertResize.Options options = InsertResize.Options.of("x", 1, 1, 2, 2);
    if (opset >= 11) {
      options = options.withCoordinateMode("asymmetric").withNearestMode("floor");
    }
    new InsertResize(options).apply(m);
    Tensor out = OrtRuns.run(m, Map.of("x", X));
    assertThat(out.dims()).containsExactly(1, 1, 6, 8);
    assertThat(out.toFloatArray()).containsExactly(ResizeModels.nearest(X.toFloatArray(), 1, 1, 3, 4, 2));
  }

  @org.junit.jupiter.api.Test
  void perAxisIntegerFactorIsCastAndAppliedPerAxis() {
    Model m = ResizeModels.of(Form.RESIZE_13);
    new ParameterizeResize(ParameterizeResize.Options.defaults().withPerAxis(true)
        .withFactorType(dev.scalpel.graph.DataType.INT64)).apply(m);
    Tensor out = OrtRuns.run(m, Map.of("x", X, "factor", DenseTensor.vector("factor", 2, 3)));
    assertThat(out.dims()).containsExactly(1, 1, 6, 12);
  }

  private static float[] relu(float[] v) {
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, out[i]);
    }
    return out;
  }
}
