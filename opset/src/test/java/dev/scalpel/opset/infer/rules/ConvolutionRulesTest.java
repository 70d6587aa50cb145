package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvolutionRulesTest {

  private static Value conv(InferenceTestGraph g, Value x, Attribute... attributes) {
    Value w = g.constant("w", DenseTensor.ofFloats("w", new long[] {8, 3, 3, 3}, new float[216]));
    return g.node("Conv", List.of(x, w), attributes);
  }

  @Test
  void staticConvWithStrideAndPads() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value y = conv(g, g.floats("x", 1, 3, 32, 31), Attribute.ofInts("kernel_shape", 3, 3),
        Attribute.ofInts("strides", 2, 2), Attribute.ofInts("pads", 1, 1, 1, 1));
    g.infer(13);
    assertThat(y.type()).hasToString("float[1,8,16,16]");
  }

  @Test
  void symbolicConvKeepsArithmetic() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value y = conv(g, g.floats("x", "batch", 3, "h", "w"), Attribute.ofInts("strides", 2, 2),
        Attribute.ofInts("pads", 1, 1, 1, 1));
    g.infer(11);
    assertThat(y.type()).hasToString("float[batch,8,floor((h-1)/2)+1,floor((w-1)/2)+1]");
  }

  @Test
  void autoPadVariants() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 3, "h", 10);
    Value w = g.floats("w", 4, 3, 3, 3);
    Value upper = g.node("Conv", List.of(x, w), Attribute.of("auto_pad", "SAME_UPPER"), Attribute.ofInts("strides", 2, 2));
    Value lower = g.node("Conv", List.of(x, w), Attribute.of("auto_pad", "SAME_LOWER"), Attribute.ofInts("strides", 3, 3));
    Value valid = g.node("Conv", List.of(x, w), Attribute.of("auto_pad", "VALID"));
    Value dilated = g.node("Conv", List.of(x, w), Attribute.ofInts("dilations", 2, 2));
    g.infer(22);
    assertThat(upper.type()).hasToString("float[n,4,floor((h+1)/2),5]");
    assertThat(lower.type()).hasToString("float[n,4,floor((h+2)/3),4]");
    assertThat(valid.type()).hasToString("float[n,4,h-2,8]");
    assertThat(dilated.type()).hasToString("float[n,4,h-4,6]");
  }

  @Test
  void convTransposeWithPaddingOutputPaddingAndGroups() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 4, "h", 5);
    Value w = g.floats("w", 4, 3, 3, 3);
    Value y = g.node("ConvTranspose", List.of(x, w), Attribute.ofInts("strides", 2, 2),
        Attribute.ofInts("pads", 1, 1, 1, 1), Attribute.ofInts("output_padding", 1, 1), Attribute.of("group", 2L));
    Value same = g.node("ConvTranspose", List.of(x, w), Attribute.ofInts("strides", 2, 2), Attribute.of("auto_pad", "SAME_UPPER"));
    Value fixed = g.node("ConvTranspose", List.of(x, w), Attribute.ofInts("output_shape", 21, 9));
    g.infer(11);
    assertThat(y.type()).hasToString("float[n,6,2*h,10]");
    assertThat(same.type()).hasToString("float[n,3,2*h,10]");
    assertThat(fixed.type()).hasToString("float[n,3,21,9]");
  }

  @Test
  void quantizedAndDeformableConvolutions() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.input("x", DataType.UINT8, "n", 3, "h", 7);
    Value w = g.input("w", DataType.INT8, 8, 3, 3, 3);
    Value integer = g.node("ConvInteger", List.of(x, w));
    Value scale = g.floats("s");
    Value yZero = g.input("yz", DataType.INT8);
    Value xZero = g.input("xz", DataType.UINT8);
    Value wZero = g.input("wz", DataType.INT8);
    Value qlinear = g.node("QLinearConv", Arrays.asList(x, scale, xZero, w, scale, wZero, scale, yZero),
        Attribute.ofInts("pads", 1, 1, 1, 1));
    Value xf = g.floats("xf", 2, 3, "h", 7);
    Value wf = g.floats("wf", 8, 3, 3, 3);
    Value offset = g.floats("offset", 2, 18, "h-2", 5);
    Value deform = g.node("DeformConv", List.of(xf, wf, offset));
    g.infer(22);
    assertThat(integer.type()).hasToString("int32[n,8,h-2,5]");
    assertThat(qlinear.type()).hasToString("int8[n,8,h,7]");
    assertThat(deform.type()).hasToString("float[2,8,h-2,5]");
  }
}
