package dev.scalpel.passes.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code passes.edit} edits on small graphs: what they change, and that a refusal changes nothing. */
class GraphEditsTest {
  /** x[2,3] -> Transpose 't' -> a -> Relu 'r' -> y; x + w[3] -> Add 'add' -> z. Shapes inferred by the edits. */
  private static Model model() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3));
    Value a = b.op("Transpose", List.of(x), Attribute.ofInts("perm", 1, 0));
    a.producer().setName("t");
    b.graph().rename(a, "a");
    Value y = b.op("Relu", a);
    y.producer().setName("r");
    b.graph().rename(y, "y");
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {3}, 1f, 2f, 3f));
    Value z = b.op("Add", x, w);
    z.producer().setName("add");
    b.graph().rename(z, "z");
    b.output(y, z);
    return b.model();
  }

  @Test
  void anInsertedCastRetypesWhatFollowsIt() {
    Model m = model();
    InsertNode edit = new InsertNode(InsertNode.Options.after("a", "Cast", Attribute.of("to", 7L)));

    assertThat(edit.changedOutputs(m)).containsExactly("y");
    InsertNode.Result r = edit.apply(m);

    assertThat(m.graph().value(r.output()).dataType()).contains(DataType.INT64);
    assertThat(m.graph().value("y").dataType()).contains(DataType.INT64);
    assertThat(m.graph().value("y").producer().input(0).name()).isEqualTo(r.output());
    assertThat(m.graph().value("z").dataType()).contains(DataType.FLOAT);
  }

  @Test
  void anInsertBeforeReadsItsInputsInTheGivenOrderAndTakesTheTensorsName() {
    Model m = model();
    InsertNode edit = new InsertNode(new InsertNode.Options("z", InsertNode.Where.BEFORE, "Where", "", List.of(),
        List.of(new InsertNode.Input.Weight(DenseTensor.wrap("keep", DataType.BOOL, new long[] {3},
            java.nio.ByteBuffer.wrap(new byte[] {1, 0, 1}))), new InsertNode.Input.Anchor(), new InsertNode.Input.Named("x"))));

    assertThat(edit.changedOutputs(m)).containsExactly("z");
    InsertNode.Result r = edit.apply(m);

    // z = Where(keep, x + w, x): the new node reads keep, the old z, x in that order and owns the name 'z'.
    assertThat(r.output()).isEqualTo("z");
    var where = m.graph().value("z").producer();
    assertThat(where.opType()).isEqualTo("Where");
    assertThat(where.inputs()).extracting(Value::name).containsExactly("keep", "z_before_where", "x");
    assertThat(where.input(1).producer().name()).isEqualTo("add");
    assertThat(m.graph().value("keep").initializer()).isPresent();
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("y", "z");
    assertThat(m.graph().value("z").shape()).contains(Shape.of(2, 3));
    assertThat(r.notes()).anyMatch(n -> n.contains("added initializer 'keep' (BOOL [3])"));
  }

  @Test
  void anInsertWhoseOtherInputIsComputedFromTheTensorIsRefusedUnchanged() {
    Model m = model();
    byte[] before = OnnxWriter.toBytes(m);
    InsertNode edit = new InsertNode(new InsertNode.Options("x", InsertNode.Where.AFTER, "Add", "", List.of(),
        List.of(new InsertNode.Input.Anchor(), new InsertNode.Input.Named("a"))));

    assertThatThrownBy(() -> edit.apply(m)).isInstanceOf(GraphEditException.class)
        .hasMessageContaining("input 'a' of the new Add is computed from 'x'");
    assertThat(OnnxWriter.toBytes(m)).isEqualTo(before);
  }

  @Test
  void bypassingATransposeInfersTheShapesAfterIt() {
    Model m = model();
    m.graph().value("y").setType(dev.scalpel.graph.ValueType.tensor(DataType.FLOAT, Shape.of(3, 2)));

    BypassNode.Result r = new BypassNode("t").apply(m);

    assertThat(r.passedThrough()).isEqualTo("x");
    assertThat(m.graph().value("y").shape()).contains(Shape.of(2, 3));
    assertThat(m.graph().nodes()).extracting(n -> n.name()).containsExactly("r", "add");
  }

  @Test
  void aRefusedRenameLeavesEveryNameAsItWas() {
    Model m = model();
    RenameElement edit = new RenameElement(List.of(
        new RenameElement.Rename(RenameElement.Kind.TENSOR, "a", "hidden"),
        new RenameElement.Rename(RenameElement.Kind.NODE, "r", "add")));

    assertThatThrownBy(() -> edit.apply(m)).isInstanceOf(GraphEditException.class)
        .hasMessageContaining("already has a node of that name");
    assertThat(m.graph().findValue("a")).isPresent();
    assertThat(m.graph().findValue("hidden")).isEmpty();
  }

  @Test
  void interfaceRenamesAreTheOnesOfGraphInputsAndOutputs() {
    Model m = model();
    RenameElement edit = new RenameElement(List.of(
        new RenameElement.Rename(RenameElement.Kind.TENSOR, "a", "hidden"),
        new RenameElement.Rename(RenameElement.Kind.TENSOR, "x", "image"),
        new RenameElement.Rename(RenameElement.Kind.TENSOR, "z", "sum")));

    assertThat(edit.interfaceRenames(m)).extracting(RenameElement.Rename::from).containsExactly("x", "z");
  }

  @Test
  void anAddedOutputIsTypedAndTheLastOutputCannotGo() throws Exception {
    Model m = model();
    new SetOutputs(List.of("a"), List.of("z")).apply(m);

    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("y", "a");
    assertThat(m.graph().value("a").shape()).contains(Shape.of(3, 2));
    OnnxWriter.toBytes(m);
    assertThatThrownBy(() -> new SetOutputs(List.of(), List.of("y", "a")).apply(m))
        .isInstanceOf(GraphEditException.class);
    assertThatThrownBy(() -> new SetOutputs(List.of("nope"), List.of()).apply(m))
        .isInstanceOf(GraphEditException.class).hasMessageContaining("'nope'");
  }

  @Test
  void aReplacedInitializerKeepsItsTypeAndItsShapeUnlessAllowed() {
    Model m = model();
    DenseTensor wider = DenseTensor.ofFloats("w", new long[] {1}, 7f);

    assertThatThrownBy(() -> new ReplaceInitializer("w", wider, false).apply(m))
        .isInstanceOf(GraphEditException.class).hasMessageContaining("[3]").hasMessageContaining("[1]");
    assertThatThrownBy(() -> new ReplaceInitializer("w", DenseTensor.vector("w", 1, 2, 3), false).apply(m))
        .isInstanceOf(GraphEditException.class).hasMessageContaining("INT64");
    assertThat(m.graph().value("w").initializer().orElseThrow().toFloatArray()).containsExactly(1f, 2f, 3f);

    new ReplaceInitializer("w", wider, true).apply(m);
    assertThat(m.graph().value("w").initializer().orElseThrow().toFloatArray()).containsExactly(7f);
    assertThat(m.graph().value("z").shape()).contains(Shape.of(2, 3));
  }
}
