package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.opset.infer.DimRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conditions shape inference finds on input dims, checked against sizes worked out by hand. */
class DimConditionsTest {
  @Test
  void detectorConcatsRequireEvenFeatureMaps() {
    Model model = DimSearchModels.yolo();
    DimConditions c = DimConditions.of(model);

    assertThat(c.constrainedSymbols()).containsExactlyInAnyOrder("height", "width");
    assertThat(c.groups(java.util.Set.of())).containsExactlyInAnyOrder(java.util.Set.of("height"), java.util.Set.of("width"));
    assertThat(c.requirements()).anySatisfy(r -> {
      assertThat(r.kind()).isEqualTo(DimRequirement.Kind.EQUAL);
      assertThat(r.node()).contains("Concat");
      assertThat(r.symbols()).containsExactly("height");
    });
    // ceil(h/8) and ceil(h/16) must both be even: 25..32 and 57..64 qualify, the ladder's sizes do not.
    for (long h : new long[] {25, 32, 57, 64, 96}) {
      assertThat(c.admits(Map.of("height", h, "width", 32L, "batch", 2L))).as("h=%d", h).isTrue();
    }
    for (long h : new long[] {2, 3, 8, 13, 16, 24, 33, 48, 56}) {
      assertThat(c.violated(Map.of("height", h, "width", 32L, "batch", 2L))).as("h=%d", h)
          .hasValueSatisfying(r -> assertThat(r.node()).contains("Concat"));
    }
    assertThat(model.graph().inputs().get(0).type().toString()).contains("height");
  }

  @Test
  void audioConvStackRequiresAMinimumLength() {
    DimConditions c = DimConditions.of(DimSearchModels.wav2vec2());

    assertThat(c.constrainedSymbols()).containsExactly("samples");
    assertThat(c.requirements()).allSatisfy(r -> assertThat(r.kind()).isEqualTo(DimRequirement.Kind.POSITIVE));
    // The 7th conv: 400 samples leave 79, 39, 19, 9, 4, 2, 1 frames; 399 leave 78, 38, 18, 8, 3, 1, 0.
    assertThat(c.admits(Map.of("samples", 400L))).isTrue();
    assertThat(c.admits(Map.of("samples", 16000L))).isTrue();
    assertThat(c.admits(Map.of("samples", 399L))).isFalse();
    assertThat(c.admits(Map.of("samples", 48L))).isFalse();
  }

  @Test
  void unknownDimsAndOddNamesAreConstrainedUnderTheirPlanSymbols() {
    Model model = DimSearchModels.wav2vec2();
    var in = model.graph().inputs().get(0);
    var t = (dev.scalpel.graph.ValueType.TensorType) in.type();
    in.setType(new dev.scalpel.graph.ValueType.TensorType(t.elementType(),
        dev.scalpel.graph.Shape.of(dev.scalpel.graph.Dim.of("batch size"), dev.scalpel.graph.Dim.unknown())));

    DimConditions c = DimConditions.of(model);

    assertThat(c.constrainedSymbols()).containsExactly("input_values[1]");
    assertThat(c.admits(Map.of("input_values[1]", 400L, "batch size", 2L))).isTrue();
    assertThat(c.admits(Map.of("input_values[1]", 399L, "batch size", 2L))).isFalse();
  }

  @Test
  void plannerPicksAdmittedSizesSmallFirstAndKeepsTheLadderForFreeDims() {
    Model yolo = DimSearchModels.yolo();
    List<DimPlan> plans = new DimPlanner(Map.of()).candidates(InputSpec.of(yolo), Map.of(), () -> DimConditions.of(yolo));
    DimPlan first = plans.get(0);
    assertThat(first.values("height")).containsExactly(32L, 64L);
    assertThat(first.values("width")).containsExactly(32L, 64L);
    assertThat(first.values("batch")).containsExactly(2L, 3L);
    DimConditions c = DimConditions.of(yolo);
    for (DimPlan p : plans) {
      for (int r = 0; r < p.runs(); r++) {
        assertThat(c.admits(p.assignment(r))).as("%s run %d", p, r).isTrue();
      }
      assertThat(p.values("height")).doesNotHaveDuplicates();
    }

    Model audio = DimSearchModels.wav2vec2();
    DimPlan a = new DimPlanner(Map.of()).candidates(InputSpec.of(audio), Map.of(), () -> DimConditions.of(audio)).get(0);
    assertThat(a.values("samples")).containsExactly(400L, 416L);
    assertThat(a.values("batch")).containsExactly(2L, 3L);
  }

  @Test
  void aBatchTiedToALengthStaysSmall() {
    // floor(samples/40)*batch >= 1 ties the two (exports reshape to batch*frames); it needs samples >= 40.
    var sym = (java.util.function.Function<String, dev.scalpel.opset.infer.SymExpr>) dev.scalpel.opset.infer.SymExpr::symbol;
    DimRequirement tie = new DimRequirement(DimRequirement.Kind.POSITIVE, "MatMul",
        List.of(sym.apply("samples").floorDiv(40).times(sym.apply("batch"))));
    DimConditions c = DimConditions.of(List.of(tie), java.util.Set.of("batch", "samples"));
    List<InputSpec> specs = List.of(DimPlanTest.spec("audio", dev.scalpel.graph.DataType.FLOAT,
        dev.scalpel.graph.Dim.of("batch"), dev.scalpel.graph.Dim.of("samples")));

    DimPlan plan = new DimPlanner(Map.of()).candidates(specs, Map.of(), () -> c).get(0);

    assertThat(c.groups(java.util.Set.of())).containsExactly(java.util.Set.of("batch", "samples"));
    assertThat(plan.values("batch")).containsExactly(2L, 3L);
    assertThat(plan.values("samples")).containsExactly(40L, 48L);
  }

  @Test
  void ladderValuesThatQualifyAreKept() {
    // A model whose requirements 2 and 3 meet plans exactly as the ladder did.
    Model audio = DimSearchModels.wav2vec2();
    List<DimPlan> plans = new DimPlanner(Map.of("samples", List.of(400L, 800L)))
        .candidates(InputSpec.of(audio), Map.of(), () -> DimConditions.of(audio));
    assertThat(plans).extracting(p -> p.values("batch")).startsWith(List.of(2L, 3L), List.of(8L, 13L), List.of(32L, 48L));
    assertThat(plans).allSatisfy(p -> assertThat(p.values("samples")).containsExactly(400L, 800L));
  }
}
