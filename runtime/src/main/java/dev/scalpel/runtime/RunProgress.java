package dev.scalpel.runtime;

import java.util.Map;

/**
 * What {@link EquivalenceChecker} reports as it runs the models through ONNX Runtime, for progress
 * displays: each run as it starts. The original's runs come first; when it cannot run at one
 * candidate of dim sizes, its runs start again at the next, so {@code run} may go back to 1.
 */
@FunctionalInterface
public interface RunProgress {
  /** Reports nothing. */
  RunProgress NONE = (role, run, runs, dims) -> { };

  /**
   * @param role which model runs
   * @param run the run about to start, from 1
   * @param runs how many runs this model makes at these dim sizes
   * @param dims the dynamic dims of the run, symbol to size (empty for a static model)
   */
  void starting(ModelRole role, int run, int runs, Map<String, Long> dims);
}
