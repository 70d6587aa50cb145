package dev.scalpel.cli;

import dev.scalpel.runtime.Tolerance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The global tolerance of commands that compare outputs through ONNX Runtime ({@code --atol},
 * {@code --rtol}); unset, each output gets the default of its type ({@link Tolerance#defaultFor});
 * one given, the other takes {@link Tolerance#DEFAULT}'s and both apply to every output.
 */
final class ToleranceOptions {
  @Option(names = "--atol", paramLabel = "X",
      description = "Absolute tolerance of floating-point outputs (default: 1e-5; float16 outputs 1e-3, bfloat16 1e-2; convert --dtype: 1e-2, bfloat16 2e-2).")
  private Double atol;

  @Option(names = "--rtol", paramLabel = "X",
      description = "Relative tolerance of floating-point outputs (default: 1e-4; float16 outputs 4*2^-10, bfloat16 4*2^-7; convert --dtype: 1e-2, bfloat16 2e-2).")
  private Double rtol;

  /** Whether either option was given. */
  boolean given() {
    return atol != null || rtol != null;
  }

  /**
   * The tolerance these options describe.
   *
   * @throws picocli.CommandLine.ParameterException for a negative, infinite or NaN value
   */
  Tolerance tolerance(CommandSpec spec) {
    if (!given()) {
      return Tolerance.DEFAULT; // the per-type defaults (CheckOptions#toleranceFor)
    }
    double a = atol == null ? Tolerance.DEFAULT.atol() : atol;
    double r = rtol == null ? Tolerance.DEFAULT.rtol() : rtol;
    if (!(a >= 0) || !(r >= 0) || Double.isInfinite(a) || Double.isInfinite(r)) {
      throw OutputTargets.usage(spec, "--atol and --rtol must be finite and non-negative");
    }
    return new Tolerance(a, r);
  }
}
