package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationRulesTest {

  @Test
  void batchNormalizationTrainingOutputsByVersion() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.input("x", DataType.FLOAT16, "n", 8, "h", "w");
    Value scale = g.input("s", DataType.FLOAT16, 8);
    Value mean = g.floats("m", 8);
    List<Value> out = g.node("BatchNormalization", 3, List.of(x, scale, scale, mean, mean),
        Attribute.of("training_mode", 1L));
    g.infer(15);
    assertThat(out.get(0).type()).hasToString("float16[n,8,h,w]");
    assertThat(out.get(1).type()).hasToString("float[8]");
    assertThat(out.get(2).type()).hasToString("float[8]");
  }

  @Test
  void batchNormalizationBeforeOpset14HasSavedStatistics() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", "c", 4);
    Value p = g.floats("p", "c");
    List<Value> out = g.node("BatchNormalization", 5, List.of(x, p, p, p, p));
    g.infer(9);
    assertThat(out.get(0).type()).hasToString("float[n,c,4]");
    assertThat(out.get(4).type()).hasToString("float[c]");
  }

  @Test
  void layerNormalizationStatistics() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.input("x", DataType.FLOAT16, "b", "s", 64);
    Value scale = g.input("w", DataType.FLOAT16, 64);
    List<Value> last = g.node("LayerNormalization", 3, List.of(x, scale));
    List<Value> axis1 = g.node("LayerNormalization", 3, List.of(x, scale), Attribute.of("axis", 1L),
        Attribute.of("stash_type", 10L));
    g.infer(17);
    assertThat(last.get(0).type()).hasToString("float16[b,s,64]");
    assertThat(last.get(1).type()).hasToString("float[b,s,1]");
    assertThat(last.get(2).type()).hasToString("float[b,s,1]");
    assertThat(axis1.get(1).type()).hasToString("float16[b,1,1]");
  }

  @Test
  void sameShapeNormalizations() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "n", 6, "h", 3);
    Value p = g.floats("p", 6);
    Value instance = g.node("InstanceNormalization", List.of(x, p, p));
    Value group = g.node("GroupNormalization", List.of(x, p, p), Attribute.of("num_groups", 2L));
    Value rms = g.node("RMSNormalization", List.of(x, g.input("w", DataType.BFLOAT16, 3)));
    Value rotary = g.node("RotaryEmbedding", List.of(g.floats("q", "b", "s", 4, 8), g.floats("c", "s", 4), g.floats("si", "s", 4)));
    g.infer(23);
    assertThat(instance.type()).hasToString("float[n,6,h,3]");
    assertThat(group.type()).hasToString("float[n,6,h,3]");
    assertThat(rms.type()).hasToString("bfloat16[n,6,h,3]");
    assertThat(rotary.type()).hasToString("float[b,s,4,8]");
  }
}
