package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.fold.IfModels;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Inlining an If with a known condition keeps the model's outputs: the original (with its If,
 * run by ONNX Runtime) and the folded model give the same results.
 */
class IfInliningEquivalenceTest {

  @TestFactory
  Stream<DynamicTest> inlinedIfsKeepTheOutputs() {
    Map<String, java.util.function.Supplier<Model>> models = new java.util.LinkedHashMap<>();
    models.put("then branch", () -> IfModels.computedCondition(2));
    models.put("else branch", () -> IfModels.computedCondition(3));
    // NOTE: branchReturnsOuterValue is left out: ONNX Runtime refuses to load a branch that returns
    // an outer value directly, so there is no original to compare with. The renamed producer of a
    // graph output is covered by the first two models.
    models.put("nested, inner at run time", () -> IfModels.nested(true, false));
    models.put("nested, both constant", () -> IfModels.nested(true, true));
    models.put("nested, outer else", () -> IfModels.nested(false, true));
    models.put("colliding names", IfModels::collidingNames);
    models.put("constant If inside a run-time If", IfModels::constantIfInsideARunTimeIf);
    return models.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getValue().get())));
  }

  private static void check(Model original) {
    Model folded = original.deepCopy();
    PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(folded);
    assertThat(ifCount(folded)).as("If nodes left").isLessThan(ifCount(original));
    EquivalenceReport report = EquivalenceChecker.check(original, folded, CheckOptions.defaults());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  private static long ifCount(Model m) {
    return m.graph().allNodes().stream().filter(n -> n.opType().equals("If")).count();
  }
}
