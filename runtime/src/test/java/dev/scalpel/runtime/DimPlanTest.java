package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DimPlanTest {
  private static final List<InputSpec> BERT_LIKE = List.of(
      spec("input_ids", DataType.INT64, Dim.of("batch"), Dim.of("seq")),
      spec("attention_mask", DataType.INT64, Dim.of("batch"), Dim.of("seq")),
      spec("extra", DataType.FLOAT, Dim.unknown(), Dim.of(4)));

  @Test
  void defaultsGiveTwoDifferentValuesPerSymbolConsistentAcrossInputs() {
    List<DimPlan> candidates = new DimPlanner(Map.of()).candidates(BERT_LIKE, Map.of());
    DimPlan plan = candidates.get(0);

    assertThat(plan.symbols()).containsExactly("batch", "seq", "extra[0]");
    assertThat(plan.runs()).isEqualTo(2);
    for (int run = 0; run < 2; run++) {
      long[] ids = plan.resolve("input_ids", shape(BERT_LIKE.get(0)), run);
      long[] mask = plan.resolve("attention_mask", shape(BERT_LIKE.get(1)), run);
      assertThat(ids).containsExactly(mask);
      assertThat(plan.resolve("extra", shape(BERT_LIKE.get(2)), run)[1]).isEqualTo(4);
    }
    assertThat(plan.values("batch")).doesNotHaveDuplicates().hasSize(2);
    assertThat(plan.values("extra[0]")).hasSize(2);
  }

  @Test
  void ladderOffersLargerSizesInOrder() {
    List<DimPlan> candidates = new DimPlanner(Map.of()).candidates(BERT_LIKE, Map.of());
    assertThat(candidates).extracting(p -> p.values("seq"))
        .startsWith(List.of(2L, 3L), List.of(8L, 13L), List.of(32L, 48L));
  }

  @Test
  void overridesAreKeptAndRunsFollowTheLongestList() {
    DimPlanner planner = new DimPlanner(Map.of("batch", List.of(1L, 4L), "seq", List.of(7L)));
    List<DimPlan> candidates = planner.candidates(BERT_LIKE, Map.of());
    DimPlan plan = candidates.get(0);

    assertThat(plan.runs()).isEqualTo(2);
    assertThat(plan.assignment(0)).containsEntry("batch", 1L).containsEntry("seq", 7L);
    assertThat(plan.assignment(1)).containsEntry("batch", 4L).containsEntry("seq", 7L);
    assertThat(candidates).allSatisfy(p -> assertThat(p.values("batch")).containsExactly(1L, 4L));
  }

  @Test
  void fullyOverriddenOrStaticModelsHaveOneCandidate() {
    DimPlanner planner = new DimPlanner(Map.of("batch", List.of(1L), "seq", List.of(7L), "extra[0]", List.of(2L)));
    assertThat(planner.candidates(BERT_LIKE, Map.of())).hasSize(1);

    List<DimPlan> fixed = new DimPlanner(Map.of()).candidates(List.of(spec("x", DataType.FLOAT, Dim.of(2))), Map.of());
    assertThat(fixed).hasSize(1);
    assertThat(fixed.get(0).runs()).isEqualTo(1);
  }

  @Test
  void userTensorsBindTheirSymbols() {
    DenseTensor ids = DenseTensor.ofLongs("input_ids", new long[] {5, 9}, new long[45]);
    DimPlan plan = new DimPlanner(Map.of()).candidates(BERT_LIKE, Map.of("input_ids", ids)).get(0);
    assertThat(plan.values("batch")).containsExactly(5L);
    assertThat(plan.values("seq")).containsExactly(9L);
    assertThat(plan.values("extra[0]")).containsExactly(2L, 3L);

    DenseTensor mask = DenseTensor.ofLongs("attention_mask", new long[] {5, 8}, new long[40]);
    assertThatThrownBy(() -> new DimPlanner(Map.of()).candidates(BERT_LIKE, Map.of("input_ids", ids, "attention_mask", mask)))
        .isInstanceOf(InputSpecException.class).hasMessageContaining("seq");
  }

  @Test
  void unknownOverrideIsRejected() {
    assertThatThrownBy(() -> new DimPlanner(Map.of("sequence", List.of(3L))).candidates(BERT_LIKE, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence").hasMessageContaining("seq");
  }

  @Test
  void parsesOverrides() {
    assertThat(DimPlanner.parseOverride("batch=1,4")).isEqualTo(Map.entry("batch", List.of(1L, 4L)));
    assertThat(DimPlanner.parseOverride("seq=7")).isEqualTo(Map.entry("seq", List.of(7L)));
    assertThatThrownBy(() -> DimPlanner.parseOverride("seq=0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DimPlanner.parseOverride("seq")).isInstanceOf(IllegalArgumentException.class);
  }

  static InputSpec spec(String name, DataType type, Dim... dims) {
    return new InputSpec(name, new ValueType.TensorType(type, Shape.of(dims)));
  }

  private static Shape shape(InputSpec s) {
    return s.tensorType().shape();
  }
}
