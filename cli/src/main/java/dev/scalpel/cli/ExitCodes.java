package dev.scalpel.cli;

/**
 * The exit statuses of {@code scalpel}, the same for every subcommand.
 *
 * <p>{@link #USAGE} and {@link #INVALID_MODEL} point at the user's input, {@link #INTERNAL_ERROR}
 * at Scalpel itself.
 */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;
  /**
   * A check the command made failed (for example a CI gate), or could not be made: validation found
   * no sizes of the model's dynamic dims at which ONNX Runtime runs the original (the message
   * suggests {@code --dims}; the model is not called invalid, it may need sizes Scalpel did not try),
   * or no run fitted the check's memory budget ({@code --max-check-bytes}), so nothing was run;
   * or a bfloat16 model could not be checked even as its float32 emulation ({@code convert --dtype
   * bf16}: ONNX Runtime's CPU provider lacks most bfloat16 kernels, and the model is not invalid for
   * that; a converted model that ONNX Runtime refuses for another reason, such as mismatched types,
   * is {@link #INVALID_MODEL}, as for float16).
   */
  public static final int CHECK_FAILED = 1;
  /**
   * Reading or writing a file failed for a reason of the file system (permission denied, disk
   * full). NOTE: shares status 1 with {@link #CHECK_FAILED} on purpose: both mean "the command ran
   * but could not succeed", and scripts only need to tell that apart from usage and model errors.
   */
  public static final int IO_ERROR = 1;
  /** The command line is wrong: unknown option, conflicting options, missing input file. */
  public static final int USAGE = 2;
  /**
   * A model cannot be read or written: corrupt, truncated, structurally broken, or too large; or
   * ONNX Runtime refuses to load or run it.
   */
  public static final int INVALID_MODEL = 3;
  /** Two models that should compute the same outputs do not. */
  public static final int OUTPUTS_DIFFER = 4;
  /**
   * A bug in Scalpel (sysexits' EX_SOFTWARE); the message asks the user to report it. Running out
   * of memory is reported with this status too (one line naming the command's memory options):
   * the budgets exist so that work too large is refused before it starts.
   */
  public static final int INTERNAL_ERROR = 70;

  private ExitCodes() {}

  /** The exit status list as the help footer of {@code scalpel} shows it. */
  static String[] helpFooter() {
    return new String[] {
      "",
      "Exit status:",
      "  0   success",
      "  1   a check failed or could not be made (no dim sizes found at which",
      "      the model runs: give them with --dims; or no run fits the check's",
      "      memory budget, --max-check-bytes; or a bfloat16 model that cannot be",
      "      checked even as its float32 emulation), or reading/writing a file failed",
      "  2   usage error (bad options, missing input file)",
      "  3   invalid model (corrupt, truncated, too large, or refused by ONNX Runtime)",
      "  4   outputs differ",
      "  70  internal error in Scalpel (please report it), or out of memory%n",
    };
  }
}
