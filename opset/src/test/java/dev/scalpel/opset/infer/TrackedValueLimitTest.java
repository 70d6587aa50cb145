package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tracked element values stay within {@link ShapeInference#MAX_TRACKED_ELEMENTS}, whatever a rule computes. */
class TrackedValueLimitTest {
  @Test
  void doublingConcatsStopBeingTrackedAtTheLimitAndStillGetShapes() {
    // 30 doublings of one int64: 2^30 tracked elements (the heap) before values were capped.
    GraphBuilder b = GraphBuilder.create(13);
    Value v = b.initializer("x", DenseTensor.vector("x", 7));
    List<Value> levels = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      v = b.op("Concat", List.of(v, v), Attribute.of("axis", 0L));
      levels.add(v);
    }
    b.output(v);
    Model m = b.model();

    ShapeInference.Result r = ShapeInference.run(m);

    // 2^10 = 1024 elements are tracked (level index 9), 2^11 are not.
    assertThat(r.valueOf(levels.get(9))).hasValueSatisfying(p -> assertThat(p.elements()).hasSize(1024));
    assertThat(r.valueOf(levels.get(10))).isEmpty();
    assertThat(v.shape().orElseThrow().toString()).contains(String.valueOf(1L << 30));
  }
}
