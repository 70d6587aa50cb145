package dev.scalpel.examples;

import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.ReferenceRuns;
import dev.scalpel.runtime.SavedOutputsChecker;
import dev.scalpel.runtime.inputs.SavedRun;
import dev.scalpel.runtime.inputs.SavedRunFormat;
import java.nio.file.Path;
import java.util.Map;

/**
 * 10: golden outputs, as Polygraphy's {@code run --save-outputs} / {@code --load-outputs} do. Run the
 * model once, save the inputs it ran on and its outputs in an {@code .npz} (numpy reads it); later,
 * replay exactly those inputs on a rewritten model ({@code folded.onnx} of example 02) and compare.
 * The CLI does the same: {@code scalpel run M --save-outputs F} and {@code scalpel validate M2 --load-outputs F}.
 *
 * <p>Run: {@code Example10SavedReferenceOutputs DIR} reads {@code DIR/model.onnx} and {@code DIR/folded.onnx},
 * writes {@code DIR/golden.npz}.
 */
public final class Example10SavedReferenceOutputs {
  private Example10SavedReferenceOutputs() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    ReferenceRuns runs = ReferenceRuns.of(ModelSource.read(dir.resolve("model.onnx")), CheckOptions.defaults());
    SavedRun golden = new SavedRun(runs.inputs().get(0), runs.results().get(0).outputs());
    SavedRunFormat.write(golden, dir.resolve("golden.npz"), 1L << 30);

    SavedRun loaded = SavedRunFormat.read(dir.resolve("golden.npz"), Map.of());
    ModelSource rewritten = ModelSource.of(OnnxReader.read(dir.resolve("folded.onnx")));
    EquivalenceReport report = SavedOutputsChecker.check(rewritten, loaded.inputs(), loaded.outputs(), CheckOptions.defaults());
    System.out.println("saved " + golden.outputs().keySet() + "; folded model matches: " + report.passed());
  }
}
