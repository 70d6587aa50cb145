package dev.scalpel.cli;

import dev.scalpel.graph.Model;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.InputSpec;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The check options of commands that edit one model and prove the edit through ONNX Runtime
 * before writing it ({@code trt --fix}, {@code make-dynamic}, {@code parameterize-resize}, {@code
 * insert-resize}): {@code --atol/--rtol} ({@link ToleranceOptions}) and {@code --dims/--seed}
 * ({@link RunOptions}).
 */
final class EditCheckOptions {
  @Mixin
  private ToleranceOptions tolerances;

  @Mixin
  private RunOptions run;

  /** Whether --atol, --rtol or --dims was given. */
  boolean given() {
    return tolerances.given() || !run.dims().isEmpty();
  }

  /**
   * The options of the check of an edit of {@code model}.
   *
   * @throws picocli.CommandLine.ParameterException for a bad tolerance, or {@code --dims} naming a
   *     symbol that is not a dynamic dim of the model's inputs
   */
  CheckOptions checkOptions(CommandSpec spec, Model model) {
    Set<String> symbols = DimPlanner.symbols(InputSpec.of(model));
    for (String symbol : run.dims().keySet()) {
      if (!symbols.contains(symbol)) {
        throw OutputTargets.usage(spec, "--dims " + symbol + ": the model has no dynamic dim named '" + symbol
            + "'; its dynamic dims are " + (symbols.isEmpty() ? "none" : String.join(", ", symbols)));
      }
    }
    return run.apply(CheckOptions.defaults().withTolerance(tolerances.tolerance(spec)), symbols);
  }
}
