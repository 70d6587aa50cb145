package dev.scalpel.cli;

import dev.scalpel.passes.resize.InsertResize;
import dev.scalpel.passes.resize.ResizeException;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scalpel insert-resize}: a new Resize after a tensor ({@link InsertResize}). */
@Command(
    name = "insert-resize",
    header = "Insert a Resize after a tensor.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Insert a Resize (Upsample before opset 10) with constant scales after",
      "TENSOR; every node that read TENSOR reads the resized tensor instead.",
      "",
      "  scalpel insert-resize MODEL -o OUT --after TENSOR --scales 1,1,2,2 [--mode nearest]",
      "",
      "When TENSOR is a graph output, the output keeps its name and now holds the",
      "resized tensor. Options the model's opset lacks (cubic before 11, coordinate",
      "modes before 11, half_pixel_symmetric before 19) are refused.",
      "",
      "Before writing, ONNX Runtime runs the result where the original runs: the",
      "outputs that do not read TENSOR must keep their values (--atol/--rtol,",
      "--dims, --seed), the others must be produced; else nothing is written",
      "(exit 4).",
      "",
    })
final class InsertResizeCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private EditedModel model;

  @Option(names = "--after", paramLabel = "TENSOR", required = true, description = "Tensor to resize.")
  private String tensor;

  @Option(names = "--scales", paramLabel = "S,S,...", required = true, split = ",", hideParamSyntax = true,
      description = "One scale per dim of TENSOR, such as 1,1,2,2.")
  private List<Float> scales;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "nearest",
      description = "nearest, linear or cubic (default: ${DEFAULT-VALUE}).")
  private String mode;

  @Option(names = "--coordinate-transformation-mode", paramLabel = "MODE",
      description = "half_pixel, pytorch_half_pixel, align_corners, asymmetric, ... (default: the ONNX default).")
  private String coordinateMode;

  @Option(names = "--nearest-mode", paramLabel = "MODE",
      description = "round_prefer_floor, round_prefer_ceil, floor or ceil (default: the ONNX default).")
  private String nearestMode;

  @Mixin
  private EditCheckOptions checks;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws IOException {
    Path input = model.input();
    Path target = model.target(spec, "rewrite");
    float[] s = new float[scales.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scales.get(i);
    }
    InsertResize.Options options = new InsertResize.Options(tensor, s, mode, coordinateMode, nearestMode);
    InsertResize edit = new InsertResize(options);
    ModelSource source = ModelSource.read(input);
    Set<String> changed;
    try {
      changed = edit.changedOutputs(source.model());
    } catch (ResizeException e) {
      throw SurgeryEdit.usage(spec, input, e);
    }
    EditReference reference = EditReference.unchangedOutputs(source, changed, "reads the resized tensor",
        "read the resized tensor");
    return SurgeryEdit.run(spec, source, target, model.writeOptions(spec), edit,
        InsertResize.Result::notes, copy -> Map.of(), reference.of(), reference.against(), checks, jsonOption.json());
  }
}
