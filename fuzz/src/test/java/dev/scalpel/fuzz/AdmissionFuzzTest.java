package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalpel.graph.Model;

/**
 * {@code ModelAdmission} and {@code GraphVerifier} on mutated corpus models ({@link ModelMutator}):
 * admission refuses with {@code InvalidModelException} or returns a model the verifier accepts in
 * full (sorted, acyclic, every rule kept); nothing else is thrown.
 */
class AdmissionFuzzTest {
  @FuzzTest
  void admitMutatedModel(FuzzedDataProvider data) {
    byte[] bytes = ModelMutator.mutatedBytes(data, 4);
    if (bytes == null) {
      return;
    }
    Model model = FuzzContract.admitted(bytes);
    if (model != null) {
      FuzzContract.assertVerifies(model, "admission");
    }
  }
}
