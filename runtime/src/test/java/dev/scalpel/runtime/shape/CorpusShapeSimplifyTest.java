package dev.scalpel.runtime.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The shape-driven pipeline on the reference models of the corpus README's table: node counts at
 * most what the best other tool reaches, strictly fewer on the BERTs, outputs equal to the
 * original's through ONNX Runtime at two values of each dynamic dim, and a second run changing
 * nothing.
 */
@Tag("corpus")
class CorpusShapeSimplifyTest {
  static final String PIPELINE = "infer-shapes,fold-constants,constants-to-initializers,collapse-reshape-chain,"
      + "eliminate-common-subexpressions,rewrite,remove-unused";

  /** Model → the most nodes allowed: the best other tool's count (minus one where we must beat it). */
  private static final Map<String, Integer> LIMITS = Map.ofEntries(
      Map.entry("hf_bert_tiny_op14.onnx", 145),
      Map.entry("hf_bert_tiny_dynamo.onnx", 115),
      Map.entry("seed_sample_cbr_preserved.onnx", 2),
      Map.entry("seed_sample_reshape.onnx", 8),
      Map.entry("seed_sample_reshape_dynamic.onnx", 11),
      Map.entry("seed_srcnn_fixed_x3.onnx", 6),
      Map.entry("tv_shufflenet_v2_x0_5_op12_nofold.onnx", 186),
      Map.entry("tv_squeezenet1_1_op12.onnx", 65),
      Map.entry("tv_mobilenet_v3_small_dynamo.onnx", 122),
      Map.entry("tv_resnet_tiny_op12_preserve_bn.onnx", 29));

  @TestFactory
  Stream<DynamicTest> simplifiedModelsAreSmallAndEquivalent() {
    Path dir = Path.of(System.getProperty("scalpel.corpus.dir", "../shared/models"));
    return LIMITS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e ->
        DynamicTest.dynamicTest(e.getKey(), () -> simplifyAndCheck(dir.resolve(e.getKey()), e.getValue())));
  }

  private static void simplifyAndCheck(Path file, int limit) throws Exception {
    assertThat(Files.exists(file)).as(file.toString()).isTrue();
    ModelSource original = ModelSource.read(file);
    Model model = ModelSource.read(file).model();
    int before = model.graph().nodeCount();
    PipelineResult first = pipeline().run(model);
    int after = model.graph().nodeCount();
    assertThat(first.reachedFixedPoint()).as("fixed point within " + first.iterations() + " rounds").isTrue();
    assertThat(pipeline().run(model).changed()).as("simplifying the simplified model changes nothing").isFalse();
    EquivalenceReport report = EquivalenceChecker.check(original, ModelSource.of(model), CheckOptions.defaults());
    System.out.printf(java.util.Locale.ROOT, "shape-simplify %-40s nodes %4d -> %4d (limit %d), equivalent=%s%n",
        file.getFileName(), before, after, limit, report.passed());
    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(after).as(file.getFileName() + " nodes").isLessThanOrEqualTo(limit);
  }

  private static PassManager pipeline() {
    PassManager.Builder b = PassManager.builder();
    for (ModelPass p : PassRegistry.standard().parsePipeline(PIPELINE)) {
      b.add(p.id().equals("fold-constants")
          ? new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())) : p);
    }
    return b.repeatUntilFixedPoint(8).verifyAfterEachPass(true).build();
  }
}
