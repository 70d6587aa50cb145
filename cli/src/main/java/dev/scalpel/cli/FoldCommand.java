package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.PassResult;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel fold}: constant folding ({@link Pipelines#FOLD}: infer-shapes, fold-constants,
 * remove-unused to a fixed point) with Java kernels and, unless {@code --no-ort-folding}, ONNX Runtime for
 * the ops without one. Prints nodes and initializers before and after and every fold that was
 * skipped, with its reason.
 *
 * <p>Usage checks happen before any model is read; a model that fails leaves no output, and every
 * write goes through {@link OnnxWriter}, which writes atomically.
 */
@Command(
    name = "fold",
    header = "Fold the constant parts of ONNX models.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replace every computation whose inputs are known before run time by its",
      "result (shape arithmetic around dynamic dims included), inline each If",
      "whose condition is known, and remove what became dead.",
      "",
      "  scalpel fold MODEL -o OUT [options]",
      "  scalpel fold MODEL... -O DIR [options]   (same file names, in DIR)",
      "",
      "Ops without a Java kernel are evaluated by ONNX Runtime unless",
      "--no-ort-folding. A result larger than its inputs is only kept up to",
      "--fold-budget;",
      "random ops and custom domains are never folded. Quantization is kept:",
      "no DequantizeLinear and no Q->DQ pair is folded unless --fold-qdq. Graph",
      "input and output names never change. The input is never overwritten",
      "without --force.",
      "",
    })
final class FoldCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX model files.")
  private List<Path> inputs;

  @Mixin
  private OutputTargets outputTargets;

  @Mixin
  private DataLayoutOptions layout;

  @Mixin
  private ProgressOptions progressOptions;

  @Mixin
  private FoldingOptions folding;

  @Mixin
  private JsonOption jsonOption;

  /** The figures of one model, before and after. */
  private record Outcome(Path file, Path target, int nodesBefore, int nodesAfter, int initializersBefore,
      int initializersAfter, long bytesBefore, long bytesAfter, List<String> skipped, double millis) {}

  @Override
  public Integer call() throws IOException {
    List<Path> targets = outputTargets.resolve(inputs, spec, "fold");
    layout.checkTargets(inputs, targets, spec);
    Pipelines.Options options = Pipelines.Options.defaults().withFoldBudget(folding.foldBudget())
        .withFoldQdq(folding.foldQdq()).withFallback(folding.ortFolding() ? new OrtEvaluator() : null);
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    Progress progress = Progress.of(spec, root, progressOptions, false, jsonOption.json());
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      progress.step(inputs.get(i) + " (" + (i + 1) + "/" + inputs.size() + "): folding " + targets.get(i));
      try {
        Outcome o = fold(inputs.get(i), targets.get(i), options);
        if (jsonOut != null) {
          writeJson(o, jsonOut);
        } else {
          printText(o, out);
        }
      } catch (Exception e) {
        int code = errors.report(e);
        status = status == ExitCodes.OK ? code : status;
        if (jsonOut != null) {
          SummaryJson.writeError(inputs.get(i).toString(), Failure.of(e), jsonOut);
        }
      }
      out.flush();
    }
    progress.done();
    if (jsonOut != null) {
      jsonOut.endArray().finish();
      out.flush();
    }
    return status;
  }

  private Outcome fold(Path file, Path target, Pipelines.Options options) throws IOException {
    Model model = ModelSource.read(file).model();
    int nodesBefore = model.graph().allNodes().size();
    int initsBefore = model.graph().initializers().size();
    long bytesBefore = initializerBytes(model);
    long start = System.nanoTime();
    PipelineResult result = Pipelines.fold(options).run(model);
    double millis = (System.nanoTime() - start) / 1e6;
    // NOTE: each pipeline iteration reports the skips again; one line per distinct reason.
    Set<String> skipped = new LinkedHashSet<>();
    for (PassResult p : result.passes()) {
      if (p.passId().equals("fold-constants")) {
        skipped.addAll(p.diagnostics());
      }
    }
    OnnxWriter.write(model, target, outputTargets.protecting(layout.writeOptions(spec), file));
    return new Outcome(file, target, nodesBefore, model.graph().allNodes().size(), initsBefore,
        model.graph().initializers().size(), bytesBefore, initializerBytes(model), new ArrayList<>(skipped), millis);
  }

  private static long initializerBytes(Model model) {
    long sum = 0;
    for (Value v : model.graph().initializers()) {
      sum += v.initializer().map(t -> t.byteSize()).orElse(0L);
    }
    return sum;
  }

  private static void printText(Outcome o, PrintWriter out) {
    out.printf(Locale.ROOT, "%s: nodes %d -> %d (%d folded or removed), initializers %d -> %d (%s -> %s), %.1f ms%n",
        o.file(), o.nodesBefore(), o.nodesAfter(), o.nodesBefore() - o.nodesAfter(), o.initializersBefore(),
        o.initializersAfter(), ByteCount.format(o.bytesBefore()), ByteCount.format(o.bytesAfter()), o.millis());
    if (!o.skipped().isEmpty()) {
      out.println("  " + o.skipped().size() + " skipped:");
      o.skipped().forEach(s -> out.println("    " + s));
    }
    out.println("  wrote " + o.target());
  }

  private static void writeJson(Outcome o, JsonWriter json) {
    json.beginObject()
        .member("model", o.file().toString())
        .member("output", o.target().toString())
        .name("nodes").beginObject().member("before", o.nodesBefore()).member("after", o.nodesAfter()).endObject()
        .name("initializers").beginObject().member("before", o.initializersBefore())
        .member("after", o.initializersAfter()).endObject()
        .name("initializerBytes").beginObject().member("before", o.bytesBefore()).member("after", o.bytesAfter())
        .endObject()
        .member("foldedNodes", o.nodesBefore() - o.nodesAfter());
    json.name("skipped").beginArray();
    o.skipped().forEach(json::value);
    json.endArray().member("millis", o.millis()).endObject();
  }
}
