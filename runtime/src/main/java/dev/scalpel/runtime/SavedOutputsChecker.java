package dev.scalpel.runtime;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a model against outputs saved from an earlier run (Polygraphy's {@code --load-outputs}):
 * the model runs once through ONNX Runtime (optimizations off) on exactly the saved inputs, and
 * each saved output is compared with the model's output of the same name under the tolerance
 * {@link CheckOptions#toleranceFor} gives for its type, as {@link EquivalenceChecker} compares two
 * models. The saved run plays the original; the model plays the rewritten model.
 *
 * <p>Nothing is generated: every input the model needs must be among the saved inputs. A saved
 * input the model no longer takes is a note; one whose element type or static shape the model no
 * longer accepts, and a saved output the model no longer has, are fatal signature issues (the
 * model is then not run). A model that fails to run on the inputs fails every output of the run,
 * as a rewritten model that fails does. The report has one run, its dims read from the inputs.
 */
public final class SavedOutputsChecker {
  private SavedOutputsChecker() {}

  /**
   * @param inputs the saved inputs, by name
   * @param expected the saved outputs, by name (not empty)
   * @throws InputSpecException if an input the model needs is not among {@code inputs}
   * @throws ModelNotRunnableException if ONNX Runtime refuses to load the model
   */
  public static EquivalenceReport check(ModelSource model, Map<String, Tensor> inputs, Map<String, Tensor> expected,
      CheckOptions options) {
    if (expected.isEmpty()) {
      throw new IllegalArgumentException("no saved outputs to compare");
    }
    List<InputSpec> specs = InputSpec.of(model.model());
    List<SignatureIssue> issues = new ArrayList<>();
    Map<String, Long> dims = new LinkedHashMap<>();
    for (InputSpec spec : specs) {
      Tensor t = inputs.get(spec.name());
      if (t == null) {
        throw new InputSpecException(spec.name(), "the model needs this input but the saved run has none; "
            + "its inputs are " + inputs.keySet() + " (give it with --load-inputs)");
      }
      try {
        UserInputs.validate(List.of(spec), Map.of(spec.name(), t));
        readDims(spec, t, dims);
      } catch (InputSpecException e) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.INPUT_TYPE_DIFFERS, spec.name(), true,
            "the saved input no longer fits the model: " + e.getMessage()));
      }
    }
    List<String> modelOutputs = SignatureComparator.outputNames(model.model());
    for (String name : inputs.keySet()) {
      if (specs.stream().noneMatch(s -> s.name().equals(name))) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.INPUT_ONLY_IN_ORIGINAL, name, false,
            "the model no longer takes saved input '" + name + "' (not fed)"));
      }
    }
    for (String name : expected.keySet()) {
      if (!modelOutputs.contains(name)) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.OUTPUT_ONLY_IN_ORIGINAL, name, true,
            "saved output '" + name + "' is missing from the model"));
      }
    }
    for (String name : modelOutputs) {
      if (!expected.containsKey(name)) {
        issues.add(new SignatureIssue(SignatureIssue.Kind.OUTPUT_ONLY_IN_REWRITTEN, name, false,
            "the model has an output '" + name + "' the saved run does not (not compared)"));
      }
    }
    boolean inputsFatal = issues.stream().anyMatch(i -> i.fatal() && i.kind() == SignatureIssue.Kind.INPUT_TYPE_DIFFERS);
    try (OrtRunner runner = OrtRunner.open(model, ModelRole.REWRITTEN, options.intraOpThreads())) {
      OrtRunner.RunResult result = null;
      String failure = null;
      if (inputsFatal) {
        failure = "not run: the saved inputs no longer fit it";
      } else {
        try {
          result = runner.run(inputs);
        } catch (ModelNotRunnableException e) {
          failure = e.ortMessage();
        }
      }
      List<OutputVerdict> verdicts = new ArrayList<>();
      for (Map.Entry<String, Tensor> e : expected.entrySet()) {
        String name = e.getKey();
        if (!modelOutputs.contains(name)) {
          continue;
        }
        Tolerance tolerance = options.toleranceFor(name, e.getValue().dataType());
        RunOutcome outcome;
        if (result == null) {
          outcome = new RunOutcome.Failed(0, failure);
        } else if (result.outputs().get(name) == null) {
          outcome = new RunOutcome.Failed(0, "output '" + name + "' not produced");
        } else {
          outcome = new RunOutcome.Compared(0, TensorComparator.compare(e.getValue(), result.outputs().get(name), tolerance));
        }
        verdicts.add(OutputVerdict.of(name, tolerance, List.of(outcome)));
      }
      Timings timings = new Timings(0, runner.loadMillis(), List.of(),
          List.of(result == null ? Double.NaN : result.millis()));
      return EquivalenceReport.of(issues, List.of(dims), verdicts, timings);
    }
  }

  /** Records the sizes the tensor gives the input's symbolic dims (for the report's run). */
  private static void readDims(InputSpec spec, Tensor t, Map<String, Long> dims) {
    if (!(spec.type() instanceof ValueType.TensorType tt) || tt.shape() == null) {
      return;
    }
    Shape shape = tt.shape();
    long[] actual = t.dims();
    for (int axis = 0; axis < shape.rank() && axis < actual.length; axis++) {
      if (shape.dim(axis) instanceof Dim.Symbolic s) {
        dims.putIfAbsent(s.name(), actual[axis]);
      }
    }
  }
}
