package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantizationRulesTest {

  @Test
  void quantizeTypeFromZeroPointOutputDtypeOrDefault() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 64);
    Value s = g.floats("s");
    Value zeroPoint = g.node("QuantizeLinear", List.of(x, s, g.input("z", DataType.INT8)));
    Value plain = g.node("QuantizeLinear", List.of(x, s));
    Value blocked = g.node("QuantizeLinear", List.of(x, g.floats("bs", "n", 2)), Attribute.of("axis", 1L),
        Attribute.of("block_size", 32L), Attribute.of("output_dtype", (long) DataType.INT4.code()));
    g.infer(21);
    assertThat(zeroPoint.type()).hasToString("int8[n,64]");
    assertThat(plain.type()).hasToString("uint8[n,64]");
    assertThat(blocked.type()).hasToString("int4[n,64]");
  }

  @Test
  void dequantizeTypeByVersion() {
    InferenceTestGraph g10 = new InferenceTestGraph();
    Value old = g10.node("DequantizeLinear", List.of(g10.input("q", DataType.UINT8, "n", 3), g10.floats("s")));
    g10.infer(13);
    assertThat(old.type()).hasToString("float[n,3]");

    InferenceTestGraph g = new InferenceTestGraph();
    Value q = g.input("q", DataType.INT8, "n", 3);
    Value halfScale = g.input("s", DataType.FLOAT16);
    Value fromScale = g.node("DequantizeLinear", List.of(q, halfScale));
    Value fromAttribute = g.node("DequantizeLinear", Arrays.asList(q, halfScale, null),
        Attribute.of("output_dtype", (long) DataType.FLOAT.code()));
    g.infer(23);
    assertThat(fromScale.type()).hasToString("float16[n,3]");
    assertThat(fromAttribute.type()).hasToString("float[n,3]");
  }

  @Test
  void dynamicQuantizeHasScalarParameters() {
    InferenceTestGraph g = new InferenceTestGraph();
    List<Value> out = g.node("DynamicQuantizeLinear", 3, List.of(g.floats("x", "b", 4)));
    g.infer(11);
    assertThat(out.get(0).type()).hasToString("uint8[b,4]");
    assertThat(out.get(1).type()).hasToString("float[]");
    assertThat(out.get(2).type()).hasToString("uint8[]");
  }
}
