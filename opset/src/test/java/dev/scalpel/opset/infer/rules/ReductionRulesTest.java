package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReductionRulesTest {

  @Test
  void axesAttributeBeforeOpset18() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 3, "h", 5);
    Value kept = g.node("ReduceMean", List.of(x), Attribute.ofInts("axes", 2, -1));
    Value dropped = g.node("ReduceMax", List.of(x), Attribute.ofInts("axes", 1), Attribute.of("keepdims", 0L));
    Value all = g.node("ReduceL2", List.of(x), Attribute.of("keepdims", 0L));
    Value sum = g.node("ReduceSum", List.of(x), Attribute.ofInts("axes", 0));
    g.infer(12);
    assertThat(kept.type()).hasToString("float[n,3,1,1]");
    assertThat(dropped.type()).hasToString("float[n,h,5]");
    assertThat(all.type()).hasToString("float[]");
    assertThat(sum.type()).hasToString("float[1,3,h,5]");
  }

  @Test
  void axesInputFromOpset13ForSumAnd18ForTheRest() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 3, "h", 5);
    Value axes = g.longs("axes", 1, 3);
    Value sum = g.node("ReduceSum", List.of(x, axes), Attribute.of("keepdims", 0L));
    Value mean = g.node("ReduceMean", List.of(x, axes));
    Value sumSquare = g.node("ReduceSumSquare", List.of(x));
    Value noop = g.node("ReduceLogSumExp", List.of(x), Attribute.of("noop_with_empty_axes", 1L));
    Value runtime = g.node("ReduceProd", List.of(x, g.input("ra", DataType.INT64, 2)), Attribute.of("keepdims", 0L));
    g.infer(18);
    assertThat(sum.type()).hasToString("float[n,h]");
    assertThat(mean.type()).hasToString("float[n,1,h,1]");
    assertThat(sumSquare.type()).hasToString("float[1,1,1,1]");
    assertThat(noop.type()).hasToString("float[n,3,h,5]");
    assertThat(runtime.type()).hasToString("float[?,?]");
  }

  @Test
  void argMaxAndArgMin() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "b", "s", 10);
    Value max = g.node("ArgMax", List.of(x), Attribute.of("axis", -1L), Attribute.of("keepdims", 0L));
    Value min = g.node("ArgMin", List.of(x), Attribute.of("axis", 1L), Attribute.of("select_last_index", 1L));
    g.infer(13);
    assertThat(max.type()).hasToString("int64[b,s]");
    assertThat(min.type()).hasToString("int64[b,1,10]");
  }
}
