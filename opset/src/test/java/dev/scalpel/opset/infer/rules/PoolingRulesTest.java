package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolingRulesTest {

  @Test
  void maxPoolWithIndicesStaticAndSymbolic() {
    InferenceTestGraph g = new InferenceTestGraph();
    List<Value> fixed = g.node("MaxPool", 2, List.of(g.floats("x", 1, 3, 32, 32)),
        Attribute.ofInts("kernel_shape", 3, 3), Attribute.ofInts("strides", 2, 2), Attribute.ofInts("pads", 1, 1, 1, 1));
    List<Value> symbolic = g.node("MaxPool", 2, List.of(g.floats("s", "n", 3, "h", "w")),
        Attribute.ofInts("kernel_shape", 2, 2), Attribute.ofInts("strides", 2, 2));
    g.infer(12);
    assertThat(fixed.get(0).type()).hasToString("float[1,3,16,16]");
    assertThat(fixed.get(1).type()).hasToString("int64[1,3,16,16]");
    assertThat(symbolic.get(0).type()).hasToString("float[n,3,floor(h/2),floor(w/2)]");
  }

  @Test
  void ceilModeAndDilations() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value ceil = g.node("MaxPool", List.of(g.floats("x", 1, 1, 4, "h")), Attribute.ofInts("kernel_shape", 3, 3),
        Attribute.ofInts("strides", 2, 2), Attribute.of("ceil_mode", 1L));
    // NOTE: 5 + 1 pad, k 2, s 2: a third window would start in the padding and is dropped.
    Value dropped = g.node("AveragePool", List.of(g.floats("y", 1, 1, 5)), Attribute.ofInts("kernel_shape", 2),
        Attribute.ofInts("strides", 2), Attribute.ofInts("pads", 0, 1), Attribute.of("ceil_mode", 1L));
    Value dilated = g.node("MaxPool", List.of(g.floats("z", 1, 1, "h", 10)), Attribute.ofInts("kernel_shape", 2, 2),
        Attribute.ofInts("dilations", 2, 2));
    g.infer(19);
    assertThat(ceil.type()).hasToString("float[1,1,2,floor(h/2)]");
    assertThat(dropped.type()).hasToString("float[1,1,3]");
    assertThat(dilated.type()).hasToString("float[1,1,h-2,8]");
  }

  @Test
  void autoPadSameAndValid() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 3, "h", 9);
    Value same = g.node("AveragePool", List.of(x), Attribute.ofInts("kernel_shape", 3, 3),
        Attribute.ofInts("strides", 2, 2), Attribute.of("auto_pad", "SAME_LOWER"));
    Value valid = g.node("LpPool", List.of(x), Attribute.ofInts("kernel_shape", 3, 3), Attribute.of("auto_pad", "VALID"));
    g.infer(18);
    assertThat(same.type()).hasToString("float[n,3,floor((h+1)/2),5]");
    assertThat(valid.type()).hasToString("float[n,3,h-2,7]");
  }

  @Test
  void globalPoolsKeepBatchAndChannels() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value avg = g.node("GlobalAveragePool", List.of(g.floats("x", "n", 16, "h", "w")));
    Value lp = g.node("GlobalLpPool", List.of(g.floats("y", 2, 3, 4, 5, 6)));
    g.infer(13);
    assertThat(avg.type()).hasToString("float[n,16,1,1]");
    assertThat(lp.type()).hasToString("float[2,3,1,1,1]");
  }

  @Test
  void maxUnpoolFromGeometryOrOutputShape() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 3, "h", 4);
    Value i = g.input("i", DataType.INT64, "n", 3, "h", 4);
    Value fromGeometry = g.node("MaxUnpool", List.of(x, i), Attribute.ofInts("kernel_shape", 2, 2),
        Attribute.ofInts("strides", 2, 2));
    Value fromInput = g.node("MaxUnpool", Arrays.asList(x, i, g.longs("shape", 1, 3, 9, 9)),
        Attribute.ofInts("kernel_shape", 2, 2), Attribute.ofInts("strides", 2, 2));
    Value fromRuntime = g.node("MaxUnpool", Arrays.asList(x, i, g.input("rs", DataType.INT64, 4)),
        Attribute.ofInts("kernel_shape", 2, 2));
    g.infer(11);
    assertThat(fromGeometry.type()).hasToString("float[n,3,2*h,8]");
    assertThat(fromRuntime.type()).hasToString("float[n,3,unpooled,unpooled_0]");
    assertThat(fromInput.type()).hasToString("float[1,3,9,9]");
  }

  @Test
  void regionPools() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 256, "h", "w");
    Value rois = g.floats("rois", "r", 4);
    Value align = g.node("RoiAlign", List.of(x, rois, g.input("b", DataType.INT64, "r")),
        Attribute.of("output_height", 7L), Attribute.of("output_width", 5L));
    Value max = g.node("MaxRoiPool", List.of(x, g.floats("r5", 10, 5)), Attribute.ofInts("pooled_shape", 2, 3));
    g.infer(16);
    assertThat(align.type()).hasToString("float[r,256,7,5]");
    assertThat(max.type()).hasToString("float[10,256,2,3]");
  }
}
