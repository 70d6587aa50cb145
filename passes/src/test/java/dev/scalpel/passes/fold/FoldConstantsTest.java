package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PassResult;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.TestModels;
import dev.scalpel.passes.common.InferShapes;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldConstantsTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new FoldConstants();
  }

  @Override
  protected List<Model> models() {
    return List.of(TestModels.tinyCnn(), FoldModels.shapeChain(Dim.of(2)), FoldModels.partialShapeChain(),
        FoldModels.bigConstantOfShape(1024), FoldModels.random(), FoldModels.constantOutput(),
        FoldModels.constantNode());
  }

  private static PipelineResult inferAndFold(Model m) {
    return PassManager.builder().add(new InferShapes()).add(new FoldConstants()).verifyAfterEachPass(true).build().run(m);
  }

  private static List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  private static List<String> diagnostics(PipelineResult r, String passId) {
    return r.passes().stream().filter(p -> p.passId().equals(passId)).flatMap(p -> p.diagnostics().stream()).toList();
  }

  @Test
  void staticShapeChainFoldsToAConstantReshapeTarget() {
    Model m = FoldModels.shapeChain(Dim.of(2));
    inferAndFold(m);
    assertThat(ops(m)).containsExactly("Reshape");
    Node reshape = m.graph().nodes().get(0);
    assertThat(reshape.input(1).constantValue().orElseThrow().toLongArray()).containsExactly(2, -1);
  }

  @Test
  void aRunTimeSizeAsASliceBoundIsNeverFolded() {
    Model m = FoldModels.sliceToRuntimeLength();
    inferAndFold(m);
    assertThat(ops(m)).contains("Shape", "Slice");
    assertThat(m.graph().outputs().get(0).producer().opType()).isEqualTo("Slice");
  }

  @Test
  void symbolicBatchKeepsTheShapeChain() {
    Model m = FoldModels.shapeChain(Dim.of("n"));
    inferAndFold(m);
    assertThat(ops(m)).containsExactly("Shape", "Gather", "Unsqueeze", "Concat", "Reshape");
  }

  @Test
  void gatherOfStaticDimsFoldsEvenWhenTheBatchIsSymbolic() {
    Model m = FoldModels.partialShapeChain();
    inferAndFold(m);
    assertThat(ops(m)).containsExactly("Reshape");
    assertThat(m.graph().nodes().get(0).input(1).constantValue().orElseThrow().toLongArray()).containsExactly(-1, 3, 4);
  }

  @Test
  void growingOutputOverTheBudgetIsADiagnostic() {
    Model m = FoldModels.bigConstantOfShape(1024);
    PipelineResult r = inferAndFold(m);
    assertThat(ops(m)).containsExactly("ConstantOfShape", "Add");
    assertThat(diagnostics(r, "fold-constants")).anySatisfy(d -> assertThat(d).contains("ConstantOfShape").contains("limit"));
  }

  @Test
  void smallGrowingOutputFolds() {
    Model m = FoldModels.bigConstantOfShape(16);
    inferAndFold(m);
    assertThat(ops(m)).containsExactly("Add");
  }

  @Test
  void randomOpsAreNeverFolded() {
    Model m = FoldModels.random();
    inferAndFold(m);
    assertThat(ops(m)).containsExactly("RandomUniform", "Mul", "Add");
  }

  @Test
  void graphOutputKeepsItsNameAndDuplicatesMerge() {
    Model m = FoldModels.constantOutput();
    inferAndFold(m);
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("z", "k");
    Value k = m.graph().outputs().get(1);
    assertThat(k.constantValue().orElseThrow().toFloatArray()).containsExactly(2f, 4f);
    assertThat(ops(m)).containsExactly("Add", "Mul");
    // c1 and c2 held the same bytes: one of them is left.
    assertThat(m.graph().initializers()).extracting(Value::name).contains("k").hasSize(2);
  }

  @Test
  void everyDiagnosticNamesItsNode() {
    PassResult r = inferAndFold(FoldModels.bigConstantOfShape(1024)).passes().stream()
        .filter(p -> p.passId().equals("fold-constants")).findFirst().orElseThrow();
    assertThat(r.diagnostics()).allSatisfy(d -> assertThat(d).startsWith("not folded"));
  }

  @Test
  void aConstantNodeBecomesAnInitializerOfTheSameName() {
    Model m = FoldModels.constantNode();
    inferAndFold(m);
    assertThat(ops(m)).containsExactly("Reshape");
    Value target = m.graph().nodes().get(0).input(1);
    assertThat(target.name()).isEqualTo("target");
    assertThat(target.constantValue().orElseThrow().toLongArray()).containsExactly(3, 2);
  }
}
