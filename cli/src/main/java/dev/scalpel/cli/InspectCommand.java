package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.cli.report.SummaryText;
import dev.scalpel.cli.report.html.HtmlPage;
import dev.scalpel.cli.report.html.ModelReports;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.ModelSummary;
import dev.scalpel.opset.quant.QuantizationSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel inspect}: prints what a model is made of (header, signature, operators, weights)
 * without reading its weights.
 */
@Command(
    name = "inspect",
    header = "Summarize ONNX models: signature, operators, weights, external data.",
    mixinStandardHelpOptions = true,
    description = {
      "Print a summary of each model: IR version, opsets, producer, inputs and",
      "outputs, node and operator counts, initializers, parameters, weight bytes",
      "and external data files. Weights are not read, so this is fast for any",
      "model size.",
      "",
      "Types read float32[batch,3,224,224]: symbolic dims by name, ? for an",
      "unknown dim, [*] for an unknown rank. Operator counts include subgraphs",
      "(If/Loop/Scan bodies).",
      "",
      "With --json the output is one JSON array, one object per MODEL in order",
      "(also for a single model); a model that cannot be read appears as",
      "{\"file\", \"error\", \"exitCode\"}. A model that fails does not stop the",
      "others; the exit status is that of the first failure.",
      "",
      "--show io,nodes,tensors,attrs,weights lists entries instead, one per",
      "line, with the types shape inference gives: nodes (name, op, inputs ->",
      "outputs), tensors (producer, consumers), attributes (tensors summarised),",
      "weights (type, size, min/max/mean, zeros; read one tensor at a time).",
      "--filter OP|REGEX keeps entries whose op type is OP or whose name",
      "matches REGEX (a weight: read by an OP node).",
      "",
    })
final class InspectCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX model files.")
  private List<Path> models;

  @Mixin
  private JsonOption jsonOption;

  @Mixin
  private HtmlReportOption htmlReport;

  @Option(names = "--show", paramLabel = "WHAT[,WHAT...]", split = ",", hideParamSyntax = true,
      description = "Instead of the summary, list io, nodes, tensors, attrs and/or weights (comma-separated), "
          + "with the types shape inference gives.")
  private List<String> show;

  @Option(names = "--filter", paramLabel = "OP|REGEX",
      description = "With --show: only entries whose op type is OP, or whose name matches REGEX.")
  private String filter;

  @Override
  public Integer call() throws IOException {
    HtmlPage page = htmlReport.page(spec, "scalpel inspect");
    PrintWriter out = spec.commandLine().getOut();
    if (filter != null && show == null) {
      throw OutputTargets.usage(spec, "--filter selects entries of --show; give --show too");
    }
    InspectListing listing = show == null ? null : InspectListing.of(spec, show, filter);
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    int status = ExitCodes.OK;
    boolean first = true;
    int index = -1;
    for (Path file : models) {
      index++;
      String name = file.toString();
      ModelSummary summary;
      QuantizationSummary quantization;
      Model model;
      try {
        model = ModelSource.read(file).model();
        if (listing != null) {
          if (jsonOut != null) {
            listing.write(name, model, jsonOut);
          } else {
            if (!first) {
              out.println();
            }
            listing.print(name, model, out);
          }
          first = false;
          out.flush();
          continue;
        }
        summary = ModelSummary.of(model);
        quantization = QuantizationSummary.of(model);
      } catch (Exception e) {
        int code = errors.report(e);
        status = status == ExitCodes.OK ? code : status;
        if (jsonOut != null) {
          SummaryJson.writeError(name, Failure.of(e), jsonOut);
        }
        if (page != null) {
          page.add(ModelReports.failed(name, Failure.of(e).message()));
        }
        continue;
      }
      if (jsonOut != null) {
        SummaryJson.write(name, summary, quantization, jsonOut);
      } else {
        if (!first) {
          out.println();
        }
        SummaryText.print(name, summary, quantization, out);
        first = false;
      }
      out.flush();
      if (page != null) {
        page.add(ModelReports.inspected(index, name, model));
      }
    }
    if (jsonOut != null) {
      jsonOut.endArray().finish();
    }
    out.flush();
    htmlReport.write(page);
    return status;
  }
}
