package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.build.GraphBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link Model#editStamp()} must change with every edit a verifier could object to, including the
 * ones no {@link GraphListener} event reports (the pass manager skips verification when it does
 * not change), and must not change when the model is only read.
 */
class EditStampTest {
  private Model model() {
    GraphBuilder b = GraphBuilder.create(21);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value r = b.op("Relu", x);
    Value n = b.op("Neg", r);
    b.output(n);
    Model m = b.model();
    GraphBuilder body = GraphBuilder.create(21);
    Value fx = body.input("fx", DataType.FLOAT, Shape.of(2));
    body.output(body.op("Abs", fx));
    m.functions().add(new Function("local", "F", body.graph()));
    return m;
  }

  private void assertChanges(Consumer<Model> edit) {
    Model m = model();
    Model.EditStamp before = m.editStamp();
    edit.accept(m);
    assertThat(m.editStamp()).isNotEqualTo(before);
  }

  @Test
  void readingLeavesTheStampAsItIs() {
    Model m = model();
    Model.EditStamp before = m.editStamp();
    m.graph().nodes().forEach(Node::attributes);
    m.graph().findValue("x");
    m.functions().get(0).body().nodeCount();
    assertThat(m.editStamp()).isEqualTo(before);
  }

  @Test
  void editsNoEventReportsChangeTheStamp() {
    assertChanges(m -> {
      List<Node> order = new ArrayList<>(m.graph().nodes());
      Collections.reverse(order);
      m.graph().reorder(order);
    });
    assertChanges(m -> m.graph().nodes().get(0).setName("renamed"));
    assertChanges(m -> m.graph().rename(m.graph().nodes().get(0), "renamed"));
    assertChanges(m -> m.graph().nodes().get(0).setDomain("ai.onnx"));
    assertChanges(m -> m.graph().nodes().get(0).setOverload("o"));
    assertChanges(m -> m.graph().nodes().get(0).output(0).setName("r2"));
    assertChanges(m -> m.graph().declareValueInfo(m.graph().nodes().get(0).output(0)));
    assertChanges(m -> m.graph().setName("g2"));
  }

  @Test
  void eventsAndModelLevelEditsChangeTheStamp() {
    assertChanges(m -> m.graph().bypass(m.graph().nodes().get(0)));
    assertChanges(m -> m.graph().nodes().get(1).setAttribute(Attribute.of("a", 1L)));
    assertChanges(m -> m.setIrVersion(3));
    assertChanges(m -> m.opsetImports().set("com.example", 1));
    assertChanges(m -> m.functions().clear());
    assertChanges(m -> m.functions().get(0).setName("G"));
    assertChanges(m -> m.functions().get(0).opsetImports().set("", 13));
    assertChanges(m -> m.functions().get(0).body().nodes().get(0).setName("abs"));
    assertChanges(m -> m.functions().get(0).attributeNames().add("alpha"));
  }
}
