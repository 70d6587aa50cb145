package dev.scalpel.passes.trt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import org.junit.jupiter.api.Test;

class NarrowInt64InitializersTest {

  /** x: float[4,6] -> Slice(starts, ends, axes, steps) -> Gather(idx) -> Reshape(shape) -> y. */
  static Model sliceGatherReshape(boolean computedSteps) {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4, 6));
    Value starts = b.initializer("starts", DenseTensor.vector("starts", 1));
    Value ends = b.initializer("ends", DenseTensor.vector("ends", Long.MAX_VALUE));
    Value axes = b.initializer("axes", DenseTensor.vector("axes", 1));
    Value steps = b.initializer("steps", DenseTensor.vector("steps", 2));
    if (computedSteps) {
      steps = b.op("Identity", steps);
    }
    Value sliced = b.op("Slice", x, starts, ends, axes, steps);
    Value gathered = b.op("Gather", sliced, b.initializer("idx", DenseTensor.vector("idx", 0, 2)));
    b.output(b.op("Reshape", gathered, b.initializer("shape", DenseTensor.vector("shape", -1))));
    return b.model();
  }

  private static DataType typeOf(Model m, String name) {
    return m.graph().initializer(name).orElseThrow().initializer().orElseThrow().dataType();
  }

  @Test
  void narrowsGatherIndicesAndAllSliceArgumentsTogetherButNotReshapeShape() {
    Model m = sliceGatherReshape(false);
    assertThat(new NarrowInt64Initializers().apply(m)).isEqualTo(5);
    for (String name : new String[] {"starts", "ends", "axes", "steps", "idx"}) {
      assertThat(typeOf(m, name)).as(name).isEqualTo(DataType.INT32);
    }
    assertThat(typeOf(m, "shape")).isEqualTo(DataType.INT64);
    assertThat(m.graph().initializer("ends").get().initializer().get().toLongArray()).containsExactly(Integer.MAX_VALUE);
    assertThat(m.graph().initializer("idx").get().dataType()).contains(DataType.INT32);
  }

  @Test
  void aSliceWithOneComputedArgumentKeepsAllInt64() {
    Model m = sliceGatherReshape(true);
    new NarrowInt64Initializers().apply(m);
    for (String name : new String[] {"starts", "ends", "axes"}) {
      assertThat(typeOf(m, name)).as(name).isEqualTo(DataType.INT64);
    }
    assertThat(typeOf(m, "idx")).isEqualTo(DataType.INT32);
  }

  @Test
  void valuesBeyondInt32OutsideSliceBoundsStayInt64() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4));
    Value big = b.initializer("big", DenseTensor.vector("big", 5_000_000_000L, 1));
    b.output(b.op("Gather", x, big));
    Model m = b.model();
    new NarrowInt64Initializers().apply(m);
    assertThat(typeOf(m, "big")).isEqualTo(DataType.INT64);
  }

  @Test
  void aSecondApplicationNarrowsNothing() {
    Model m = sliceGatherReshape(false);
    assertThat(new NarrowInt64Initializers().apply(m)).isEqualTo(5);
    assertThat(new NarrowInt64Initializers().apply(m)).isZero();
  }

  @Test
  void asAPassItReportsWhatItNarrowed() {
    Model m = sliceGatherReshape(false);
    PassContext context = new PassContext();
    new NarrowInt64Initializers.AsPass().run(m, context);
    assertThat(context.diagnostics()).containsExactly("stored 5 INT64 initializer(s) as INT32");
  }
}
