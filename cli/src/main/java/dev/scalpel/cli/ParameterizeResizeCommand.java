package dev.scalpel.cli;

import dev.scalpel.graph.DataType;
import dev.scalpel.passes.resize.ParameterizeResize;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel parameterize-resize}: a Resize or Upsample with baked-in scales takes its scale
 * from a new graph input ({@link ParameterizeResize}).
 */
@Command(
    name = "parameterize-resize",
    header = "Make the scale of a Resize/Upsample a model input.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A Resize (or Upsample) whose scales or sizes are constants takes its scale",
      "from a new graph input instead: a scalar factor (or, with --per-axis, one",
      "per resized axis) expanded to one scale per dim, 1 on the axes the node did",
      "not resize. Fed the baked value, the model computes what it computed before.",
      "",
      "  scalpel parameterize-resize MODEL -o OUT [--node NAME] [--input-name factor]",
      "",
      "The node is written in the form of the model's opset (Upsample-9, Resize-10,",
      "11, 13, 18, 19); Upsample before opset 9 keeps its scales in an attribute",
      "and is refused. The resized output dims become fresh symbols. Without --node",
      "the model must have exactly one Resize/Upsample with baked-in scales.",
      "",
      "Before writing, ONNX Runtime runs the result, its new input fed the baked",
      "scale, against the original (--atol/--rtol, --dims, --seed); outputs that",
      "differ write nothing (exit 4).",
      "",
    })
final class ParameterizeResizeCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private EditedModel model;

  @Option(names = "--node", paramLabel = "NAME", description = "Resize/Upsample node to rewrite (repeatable; all share the input).")
  private List<String> nodes = new ArrayList<>();

  @Option(names = "--input-name", paramLabel = "NAME", defaultValue = "factor",
      description = "Name of the new input (default: ${DEFAULT-VALUE}).")
  private String inputName;

  @Option(names = "--per-axis", description = "A 1-D input with one factor per resized axis instead of a scalar.")
  private boolean perAxis;

  @Option(names = "--factor-type", paramLabel = "TYPE", defaultValue = "float",
      description = "Element type of the input: float, int32 or int64 (cast to float inside; default: ${DEFAULT-VALUE}).")
  private String factorType;

  @Mixin
  private EditCheckOptions checks;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws IOException {
    Path input = model.input();
    Path target = model.target(spec, "rewrite");
    ParameterizeResize.Options options = ParameterizeResize.Options.defaults()
        .withNodes(nodes).withInputName(inputName).withPerAxis(perAxis).withFactorType(factorType());
    ParameterizeResize edit = new ParameterizeResize(options);
    // NOTE: the new input exists only in the result; the check feeds it the baked scale, at which
    // the result must compute exactly what the original computes.
    return SurgeryEdit.run(spec, ModelSource.read(input), target, model.writeOptions(spec), edit,
        ParameterizeResize.Result::notes, copy -> Map.of(inputName, edit.reproducingFactor(copy)), null,
        "the original (input '" + inputName + "' fed the baked scale)", checks, jsonOption.json());
  }

  private DataType factorType() {
    switch (factorType.toLowerCase(Locale.ROOT)) {
      case "float":
        return DataType.FLOAT;
      case "int32":
        return DataType.INT32;
      case "int64":
        return DataType.INT64;
      default:
        throw OutputTargets.usage(spec, "--factor-type must be float, int32 or int64, not '" + factorType + "'");
    }
  }
}
