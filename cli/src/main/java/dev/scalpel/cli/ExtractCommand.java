package dev.scalpel.cli;

import dev.scalpel.cli.report.EditOutcomeText;
import dev.scalpel.cli.report.ExtractJson;
import dev.scalpel.cli.report.ExtractText;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.passes.extract.ExtractInput;
import dev.scalpel.passes.extract.Extractor;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ExtractionCheck;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.ModelSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scalpel extract}: the subgraph between some tensors ({@link Extractor}), proved by {@link ExtractionCheck}. */
@Command(
    name = "extract",
    header = "Cut out the subgraph between tensors.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write the part of MODEL that computes --outputs from --inputs: the inputs",
      "become the graph inputs (typed by shape inference, or as given), the",
      "outputs the graph outputs; nodes and initializers not needed are dropped.",
      "If/Loop/Scan bodies that read outer tensors keep reading them.",
      "",
      "  scalpel extract MODEL -o OUT --inputs NAME[:SHAPE:DTYPE],... --outputs NAME,...",
      "",
      "SHAPE is [1,3,224,224], 1x3x224x224 or auto; DTYPE float32, int64, ... or",
      "auto (as Polygraphy writes them). Without --inputs the model's inputs are",
      "used, without --outputs its outputs. Use `scalpel inspect MODEL --show",
      "tensors` to find names. A cut that is not closed (a node needs a tensor",
      "that is neither computed in the cut nor an input), an unknown name, or an",
      "output that reads none of the inputs is a usage error (exit 2) naming the",
      "tensor and the node.",
      "",
      "Before writing, the original runs in ONNX Runtime with the cut's tensors",
      "exposed, and the result, fed the original's values of its inputs, must",
      "give the original's values of its outputs (--atol/--rtol, --dims, --seed);",
      "else nothing is written (exit 4). --no-validate skips this.",
      "",
    })
final class ExtractCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", description = "ONNX model file.")
  private Path input;

  @Mixin
  private OutputTargets outputTargets;

  // NOTE: commas inside [...] belong to a shape, not to the list.
  @Option(names = "--inputs", paramLabel = "NAME[:SHAPE:DTYPE],...", split = ",(?![^\\[]*\\])",
      hideParamSyntax = true,
      description = "Tensors where the cut begins, such as relu_1 or x:[1,8,56,56]:float32 (default: the model's inputs).")
  private List<String> inputs;

  @Option(names = "--outputs", paramLabel = "NAME[,NAME...]", split = ",", hideParamSyntax = true,
      description = "Tensors the result computes (default: the model's outputs).")
  private List<String> outputs;

  @Mixin
  private NoValidateOption noValidateOption;

  @Mixin
  private EditCheckOptions checks;

  @Mixin
  private DataLayoutOptions layout;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws Exception {
    if (inputs == null && outputs == null) {
      throw OutputTargets.usage(spec, "give --inputs, --outputs or both");
    }
    if (noValidateOption.noValidate() && checks.given()) {
      throw OutputTargets.usage(spec, "--atol/--rtol/--dims set the check, which --no-validate turns off");
    }
    Path target = outputTargets.resolve(List.of(input), spec, "extract").get(0);
    WriteOptions writeOptions = outputTargets.protecting(layout.writeOptions(spec), input);
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    try {
      ModelSource source = ModelSource.read(input);
      List<ExtractInput> cuts = new ArrayList<>();
      if (inputs == null) {
        InputSpec.of(source.model()).forEach(s -> cuts.add(ExtractInput.named(s.name())));
      } else {
        inputs.forEach(text -> cuts.add(ExtractInput.parse(text.trim())));
      }
      List<String> wanted = outputs == null
          ? source.model().graph().outputs().stream().map(Value::name).toList()
          : outputs.stream().map(String::trim).toList();
      Extractor extractor = new Extractor(cuts, wanted);
      CheckedEdit<Extractor.Result> edit = CheckedEdit.of(source, extractor::apply).writingTo(target, writeOptions);
      CheckOptions options = null;
      if (noValidateOption.noValidate()) {
        edit = edit.unchecked();
      } else {
        options = checks.checkOptions(spec, source.model());
        edit = edit.checkedWith(options).provedBy(ExtractionCheck::check);
      }
      CheckedEdit.Outcome<Extractor.Result> outcome = edit.run();
      double wallMs = (System.nanoTime() - start) / 1e6;
      if (jsonOption.json()) {
        JsonWriter w = new JsonWriter(out);
        ExtractJson.write(input, target, outcome, options, wallMs, w);
        w.finish();
        out.flush();
        return EditOutcomeText.exitCode(outcome);
      }
      return ExtractText.print(input, target, outcome, out);
    } catch (Exception e) {
      int code = new ErrorReporter(spec.commandLine().getErr(), root.debug(), ScalpelCommand.MEMORY_OPTIONS).report(e);
      if (jsonOption.json()) {
        JsonWriter w = new JsonWriter(out);
        w.beginObject().member("model", input.toString()).member("error", Failure.of(e).message())
            .member("exitCode", code).endObject();
        w.finish();
        out.flush();
      }
      return code;
    }
  }
}
