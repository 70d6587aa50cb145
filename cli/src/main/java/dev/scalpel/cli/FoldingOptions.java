package dev.scalpel.cli;

import dev.scalpel.passes.fold.FoldConstants;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The folding options {@code simplify}, {@code fold} and {@code check} share, one primary name
 * each: {@code --fold-budget}, {@code --no-ort-folding} and {@code --fold-qdq}. {@code fold}'s former names {@code
 * --max-output-bytes} and {@code --no-ort} stay as hidden aliases for one release, so scripts keep
 * working; each prints a one-line note ({@link RetiredNames}).
 *
 * <p>NOTE: the aliases are separate hidden options writing the same setting, so help lists one name;
 * when both spellings are given the later one on the command line wins.
 */
final class FoldingOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  private long foldBudget = FoldConstants.Options.DEFAULT_FOLD_BUDGET;

  @Option(names = "--no-ort-folding", description = "Fold only what Scalpel's Java kernels evaluate; "
      + "never run ONNX Runtime to fold.")
  private boolean noOrtFolding;

  @Option(names = "--fold-qdq", description = "Fold quantization away: DequantizeLinear of quantized weights "
      + "and QuantizeLinear->DequantizeLinear pairs on constants become float weights (kept by default: "
      + "TensorRT and ONNX Runtime need them to run the model in INT8).")
  private boolean foldQdq;

  @Option(names = "--fold-budget", paramLabel = "BYTES", converter = ByteCount.Converter.class,
      description = "Most bytes a fold may add to the model when its result is larger than the constants it "
          + "frees (Expand, Tile, ConstantOfShape...), such as 64k, 16M (default: 1M).")
  void foldBudget(long bytes) {
    foldBudget = bytes;
  }

  @Option(names = "--max-output-bytes", hidden = true, converter = ByteCount.Converter.class,
      description = "Former name of --fold-budget.")
  void maxOutputBytes(long bytes) {
    RetiredNames.warn(mixee, "--max-output-bytes");
    foldBudget = bytes;
  }

  @Option(names = "--no-ort", hidden = true, description = "Former name of --no-ort-folding.")
  void noOrt(boolean on) {
    if (on) {
      RetiredNames.warn(mixee, "--no-ort");
    }
    noOrtFolding = on;
  }

  long foldBudget() {
    return foldBudget;
  }

  boolean foldQdq() {
    return foldQdq;
  }

  boolean ortFolding() {
    return !noOrtFolding;
  }
}
