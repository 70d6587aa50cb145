package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;

/**
 * Shape inference (the {@code infer-shapes} pass over {@code passes.Analyses}) on graphs built from
 * the schema set ({@link GraphGenerator}) or mutated corpus models ({@link ModelMutator}), once
 * admitted: it types what it can and reports conflicts as diagnostics; it never throws.
 */
class InferShapesFuzzTest {
  @FuzzTest
  void inferGeneratedGraph(FuzzedDataProvider data) {
    byte[] bytes = data.consumeBoolean()
        ? ModelMutator.mutatedBytes(data, 3)
        : GeneratedModels.bytes(data, false, 6);
    Model model = bytes == null ? null : FuzzContract.admitted(bytes);
    if (model == null) {
      return;
    }
    PassManager.builder().add(new InferShapes()).verifyAfterEachPass(true).build().run(model);
  }
}
