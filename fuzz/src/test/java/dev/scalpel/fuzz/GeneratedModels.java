package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.scalpel.graph.io.OnnxWriter;

/** {@link GraphGenerator}'s models serialized, so that targets load them as a file would be loaded. */
final class GeneratedModels {
  private GeneratedModels() {}

  /** The generated model's bytes, or null when the generator's IR cannot be written. */
  static byte[] bytes(FuzzedDataProvider data, boolean constantSources, int maxNodes) {
    try {
      return OnnxWriter.toBytes(GraphGenerator.generate(data, constantSources, maxNodes));
    } catch (IllegalArgumentException | IllegalStateException notBuildable) {
      // NOTE: the builder refuses what no file could hold; not a finding.
      return null;
    }
  }
}
