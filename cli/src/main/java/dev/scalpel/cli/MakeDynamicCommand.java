package dev.scalpel.cli;

import dev.scalpel.cli.report.EditOutcomeJson;
import dev.scalpel.cli.report.EditOutcomeText;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.dims.MakeDynamic;
import dev.scalpel.graph.Finding;
import dev.scalpel.passes.dims.SymbolOrigin;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel make-dynamic}: makes dims of a model exported at a fixed size symbolic and
 * rewrites the constants that hard-code them ({@link MakeDynamic}), then checks in ONNX Runtime
 * that the result computes what the original computes at the original size before writing it.
 *
 * <p>Refusals write nothing: places that could not be proven (exit 1, {@link
 * ExitCodes#CHECK_FAILED}, unless {@code --allow-unproven}), outputs that differ from the
 * original's (exit 4).
 */
@Command(
    name = "make-dynamic",
    header = "Make a fixed batch (or other dim) of a model dynamic, constants included.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Make input dims symbolic and rewrite the constants that hard-code them.",
      "",
      "  scalpel make-dynamic MODEL -o OUT --input-dim x:0=batch [--allow-unproven]",
      "",
      "For a model exported at a fixed batch: the dim becomes a symbol, and each",
      "constant that hard-codes its old size is rewritten where the inferred",
      "shapes prove it is that dim (Reshape targets, Slice ends, Expand shapes,",
      "constant operands of Concat). Every place where the dim is lost without",
      "such a proof is listed, and the model is not written (exit 1) unless",
      "--allow-unproven. Before writing, the result is run against the original",
      "at the original size in ONNX Runtime (--atol/--rtol, --seed); outputs that",
      "differ fail (exit 4).",
      "",
    })
final class MakeDynamicCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private EditedModel model;

  @Mixin
  private InputDimOptions dimOptions;

  @Option(names = "--allow-unproven", description = "Write the model even where the rewrite is not proven "
      + "(it is still checked at the original size).")
  private boolean allowUnproven;

  @Mixin
  private EditCheckOptions checks;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws IOException {
    if (dimOptions.dims().isEmpty()) {
      throw OutputTargets.usage(spec, "give the dims to make symbolic: --input-dim INPUT:AXIS=SYMBOL");
    }
    MakeDynamic edit;
    try {
      edit = new MakeDynamic(dimOptions.dims());
    } catch (DimSpecException e) {
      throw OutputTargets.usage(spec, e.getMessage());
    }
    Path input = model.input();
    Path target = model.target(spec, "process");
    PrintWriter out = spec.commandLine().getOut();
    ModelSource source = ModelSource.read(input);
    CheckedEdit.Outcome<MakeDynamic.Result> outcome;
    try {
      outcome = CheckedEdit.of(source, edit::apply)
          .onlyIf(r -> r.proven() || allowUnproven)
          .checkedWith(checks.checkOptions(spec, source.model()))
          .writingTo(target, model.writeOptions(spec))
          .run();
    } catch (DimSpecException e) {
      throw OutputTargets.usage(spec, input + ": " + e.getMessage());
    }
    if (jsonOption.json()) {
      MakeDynamic.Result r = outcome.result();
      return EditOutcomeJson.write(input, target, outcome, r.findings().stream().map(Finding::toString).toList(),
          w -> {
            w.name("dims").beginArray();
            for (SymbolOrigin o : r.symbols()) {
              w.beginObject().member("symbol", o.symbol());
              w.name("originalSize");
              if (o.originalSize() == null) {
                w.nullValue();
              } else {
                w.value(o.originalSize());
              }
              w.endObject();
            }
            w.endArray().name("rewrites").beginArray();
            r.rewrites().forEach(w::value);
            w.endArray().member("notProven", r.findings().size());
          }, "the original at its own size", new JsonWriter(out));
    }
    print(out, outcome.result());
    if (outcome.status() == CheckedEdit.Status.REFUSED) {
      out.println("  not written: " + outcome.result().findings().size()
          + " place(s) not proven (--allow-unproven writes it anyway)");
    }
    return EditOutcomeText.print(outcome, "the original at its own size", target, out);
  }

  private void print(PrintWriter out, MakeDynamic.Result r) {
    StringBuilder dimsText = new StringBuilder();
    for (SymbolOrigin o : r.symbols()) {
      String where = dimOptions.dims().stream().filter(c -> c.dim().toString().equals(o.symbol()))
          .map(c -> c.input() + ":" + c.axis()).collect(java.util.stream.Collectors.joining(", "));
      dimsText.append(dimsText.length() == 0 ? "" : "; ").append(where).append(' ')
          .append(o.originalSize() == null ? "(symbolic already)" : o.originalSize()).append(" -> ").append(o.symbol());
    }
    out.println(model.input() + ": " + dimsText + "; " + r.rewrites().size() + " constant(s) rewritten, "
        + r.findings().size() + " place(s) not proven");
    for (String w : r.rewrites()) {
      out.println("  rewrote " + w);
    }
    for (Finding f : r.findings()) {
      out.println("  " + f);
    }
  }
}
