package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.graph.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionRulesTest {

  @Test
  void flexAttentionTakesQueryHeadsAndValueHeadSize() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value q = g.floats("q", "b", 8, "s", 64);
    Value k = g.floats("k", "b", 2, "t", 64);
    Value v = g.floats("v", "b", 2, "t", 32);
    dev.scalpel.graph.Node flex = g.graph.append(new dev.scalpel.graph.Node("ai.onnx.preview", "FlexAttention",
        List.of(q, k, v), List.of("y"), List.of()));
    Model model = new Model(g.graph);
    model.opsetImports().set("", 24);
    model.opsetImports().set("ai.onnx.preview", 1);
    ShapeInference.run(model);
    assertThat(flex.output(0).type()).hasToString("float[b,8,s,32]");
  }

  @Test
  void fourDimensionalWithPastCache() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value q = g.floats("q", "b", 8, "s", 64);
    Value k = g.floats("k", "b", 2, "s", 64);
    Value v = g.floats("v", "b", 2, "s", 32);
    Value pastK = g.floats("pk", "b", 2, "past", 64);
    Value pastV = g.floats("pv", "b", 2, "past", 32);
    List<Value> out = g.node("Attention", 4, Arrays.asList(q, k, v, null, pastK, pastV));
    g.infer(23);
    assertThat(out.get(0).type()).hasToString("float[b,8,s,32]");
    assertThat(out.get(1).type()).hasToString("float[b,2,past+s,64]");
    assertThat(out.get(2).type()).hasToString("float[b,2,past+s,32]");
    assertThat(out.get(3).type()).hasToString("float[b,8,s,past+s]");
  }

  @Test
  void threeDimensionalWithHeadCounts() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value y = g.node("Attention", List.of(g.floats("q", 2, "s", 512), g.floats("k", 2, "t", 128), g.floats("v", 2, "t", 64)),
        Attribute.of("q_num_heads", 8L), Attribute.of("kv_num_heads", 2L));
    g.infer(24);
    assertThat(y.type()).hasToString("float[2,s,256]");
  }
}
