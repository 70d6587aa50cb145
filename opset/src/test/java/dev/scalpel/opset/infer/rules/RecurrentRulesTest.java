package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrentRulesTest {

  @Test
  void lstmSequenceFirstWithAllOutputs() {
    InferenceTestGraph g = new InferenceTestGraph();
    List<Value> out = g.node("LSTM", 3, List.of(g.floats("x", "seq", "batch", 10), g.floats("w", 2, 80, 10),
        g.floats("r", 2, 80, 20)), Attribute.of("hidden_size", 20L), Attribute.of("direction", "bidirectional"));
    g.infer(7);
    assertThat(out.get(0).type()).hasToString("float[seq,2,batch,20]");
    assertThat(out.get(1).type()).hasToString("float[2,batch,20]");
    assertThat(out.get(2).type()).hasToString("float[2,batch,20]");
  }

  @Test
  void batchFirstLayoutFromOpset14AndHiddenSizeFromR() {
    InferenceTestGraph g = new InferenceTestGraph();
    List<Value> gru = g.node("GRU", 2, List.of(g.floats("x", 4, "seq", 10), g.floats("w", 1, 48, 10),
        g.floats("r", 1, 48, 16)), Attribute.of("layout", 1L));
    List<Value> rnn = g.node("RNN", 2, List.of(g.floats("y", 5, 3, 2), g.floats("v", 1, 4, 2), g.floats("q", 1, 4, 4)),
        Attribute.of("hidden_size", 4L));
    g.infer(14);
    assertThat(gru.get(0).type()).hasToString("float[4,seq,1,16]");
    assertThat(gru.get(1).type()).hasToString("float[4,1,16]");
    assertThat(rnn.get(0).type()).hasToString("float[5,1,3,4]");
  }
}
