package dev.scalpel.cli;

import dev.scalpel.passes.fold.FoldConstants;
import picocli.CommandLine.Option;

/**
 * The folding options {@code simplify} and {@code fold} share, one primary name each: {@code
 * --fold-budget} and {@code --no-ort-folding}. {@code fold}'s former names {@code
 * --max-output-bytes} and {@code --no-ort} stay as hidden aliases, so scripts keep working.
 *
 * <p>NOTE: the aliases are separate hidden options writing the same setting, so help lists one name;
 * when both spellings are given the later one on the command line wins.
 */
final class FoldingOptions {
  private long foldBudget = FoldConstants.Options.DEFAULT_FOLD_BUDGET;

  @Option(names = "--no-ort-folding", description = "Fold only what Scalpel's Java kernels evaluate; "
      + "never run ONNX Runtime to fold.")
  private boolean noOrtFolding;

  @Option(names = "--fold-budget", paramLabel = "BYTES", converter = ByteCount.Converter.class,
      description = "Most bytes a fold may add to the model when its result is larger than the constants it "
          + "frees (Expand, Tile, ConstantOfShape...), such as 64k, 16M (default: 1M).")
  void foldBudget(long bytes) {
    foldBudget = bytes;
  }

  @Option(names = "--max-output-bytes", hidden = true, converter = ByteCount.Converter.class,
      description = "Former name of --fold-budget.")
  void maxOutputBytes(long bytes) {
    foldBudget = bytes;
  }

  @Option(names = "--no-ort", hidden = true, description = "Former name of --no-ort-folding.")
  void noOrt(boolean on) {
    noOrtFolding = on;
  }

  long foldBudget() {
    return foldBudget;
  }

  boolean ortFolding() {
    return !noOrtFolding;
  }
}
