package dev.scalpel.runtime;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.RemoveUnusedNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves a subgraph cut out of a model ({@code passes.extract.Extractor}): the extracted model, fed
 * the values its inputs take inside the original, must compute the values its outputs take there.
 *
 * <p>How: a copy of the original (the <em>probe</em>) gets the tensors the extracted model reads and
 * computes as its only graph outputs, and loses what does not compute them; it runs through ONNX
 * Runtime as {@link EquivalenceChecker} runs an original (the user's inputs and {@code --dims}
 * apply, other inputs are generated, at the first {@link DimPlanner} candidate where it runs). For
 * each run the extracted model is fed the probe's values of its inputs (a cut input that is a
 * graph input of the original takes the run's input, one that is a constant its initializer), and
 * each of its outputs is compared with the probe's value of the same name, under the tolerance of
 * {@link CheckOptions#toleranceFor}.
 *
 * <p>Invariants: the original's model is not changed. One session at a time: the probe's values
 * are copied to the heap and its session closed before the extracted model's opens. The probe is an
 * in-memory model, so {@link OrtRunner} stages it when it holds external or large weights (only
 * those the cut reads survive the pruning). The report has no signature issues; an extracted model
 * that fails a run fails its outputs of that run.
 */
public final class ExtractionCheck {
  private ExtractionCheck() {}

  /** Where the value of one tensor of the extracted model comes from in the original. */
  private sealed interface Source {}

  private record RunInput(String name) implements Source {}

  private record Constant(Tensor tensor) implements Source {}

  private record Computed(String name) implements Source {}

  /**
   * Checks {@code extracted} against the part of {@code original} it was cut from.
   *
   * @throws IllegalArgumentException if a tensor the extracted model reads or computes is not a
   *     tensor of the original's main graph
   * @throws ModelNotRunnableException if either model cannot be loaded, or the original cannot run
   * @throws InputSpecException if user inputs do not fit the original
   */
  public static EquivalenceReport check(ModelSource original, ModelSource extracted, CheckOptions options) {
    Model probe = original.model().deepCopy();
    Map<String, Value> byName = mainGraphValues(probe.graph());
    Map<String, Source> sources = new LinkedHashMap<>();
    List<Value> exposed = new ArrayList<>();
    List<String> wanted = new ArrayList<>();
    InputSpec.of(extracted.model()).forEach(s -> wanted.add(s.name()));
    extracted.model().graph().outputs().forEach(v -> wanted.add(v.name()));
    for (String name : wanted) {
      if (sources.containsKey(name)) {
        continue;
      }
      Value v = byName.get(name);
      if (v == null) {
        throw new IllegalArgumentException("'" + name + "' of the extracted model is no tensor of the original's main graph");
      }
      if (v.isGraphInput() && !v.isInitializer()) {
        sources.put(name, new RunInput(name));
      } else if (v.initializer().isPresent()) {
        sources.put(name, new Constant(v.initializer().get()));
      } else {
        sources.put(name, new Computed(name));
        exposed.add(v);
      }
    }
    if (!exposed.isEmpty()) {
      Graph g = probe.graph();
      for (int i = g.outputs().size() - 1; i >= 0; i--) {
        g.removeOutput(i);
      }
      exposed.forEach(g::addOutput);
      RemoveUnusedNodes.run(g);
    }
    ReferenceRuns reference;
    double probeLoadMillis;
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(probe), ModelRole.ORIGINAL, options.intraOpThreads())) {
      List<InputSpec> specs = InputSpec.of(probe);
      UserInputs.validate(specs, options.inputs());
      reference = ReferenceRuns.find(runner, probe, specs, options);
      probeLoadMillis = runner.loadMillis();
    }
    List<String> outputs = extracted.model().graph().outputs().stream().map(Value::name).toList();
    try (OrtRunner cut = OrtRunner.open(extracted, ModelRole.REWRITTEN, options.intraOpThreads())) {
      List<Double> cutMs = new ArrayList<>();
      List<OrtRunner.RunResult> results = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (int r = 0; r < reference.runs(); r++) {
        Map<String, Tensor> feeds = new HashMap<>();
        for (InputSpec in : InputSpec.of(extracted.model())) {
          feeds.put(in.name(), valueOf(sources.get(in.name()), reference, r));
        }
        try {
          OrtRunner.RunResult result = cut.run(feeds);
          results.add(result);
          errors.add(null);
          cutMs.add(result.millis());
        } catch (ModelNotRunnableException e) {
          results.add(null);
          errors.add(e.ortMessage());
          cutMs.add(Double.NaN);
        }
      }
      List<OutputVerdict> verdicts = new ArrayList<>();
      for (String name : outputs) {
        Tensor first = valueOf(sources.get(name), reference, 0);
        Tolerance tolerance = options.toleranceFor(name, first.dataType());
        List<RunOutcome> outcomes = new ArrayList<>();
        for (int r = 0; r < reference.runs(); r++) {
          OrtRunner.RunResult actual = results.get(r);
          if (actual == null) {
            outcomes.add(new RunOutcome.Failed(r, errors.get(r)));
          } else if (actual.outputs().get(name) == null) {
            outcomes.add(new RunOutcome.Failed(r, "output '" + name + "' not produced"));
          } else {
            Tensor expected = valueOf(sources.get(name), reference, r);
            outcomes.add(new RunOutcome.Compared(r, TensorComparator.compare(expected, actual.outputs().get(name), tolerance)));
          }
        }
        verdicts.add(OutputVerdict.of(name, tolerance, outcomes));
      }
      List<Double> probeMs = reference.results().stream().map(OrtRunner.RunResult::millis).toList();
      Timings timings = new Timings(probeLoadMillis, cut.loadMillis(), probeMs, cutMs);
      return EquivalenceReport.of(List.of(), reference.assignments(), verdicts, timings);
    }
  }

  private static Tensor valueOf(Source source, ReferenceRuns reference, int run) {
    if (source instanceof RunInput in) {
      return reference.inputs().get(run).get(in.name());
    }
    if (source instanceof Constant c) {
      return c.tensor();
    }
    String name = ((Computed) source).name();
    Tensor t = reference.results().get(run).outputs().get(name);
    if (t == null) {
      throw new ModelNotRunnableException(ModelRole.ORIGINAL, ModelNotRunnableException.Stage.RUN,
          "the original computed no value for '" + name + "'", null);
    }
    return t;
  }

  /** The tensors of the main graph by name: inputs, initializers and node outputs. */
  private static Map<String, Value> mainGraphValues(Graph graph) {
    Map<String, Value> out = new HashMap<>();
    graph.inputs().forEach(v -> out.put(v.name(), v));
    graph.initializers().forEach(v -> out.putIfAbsent(v.name(), v));
    for (Node n : graph) {
      for (Value v : n.outputs()) {
        if (!v.name().isEmpty()) {
          out.put(v.name(), v);
        }
      }
    }
    return out;
  }
}
