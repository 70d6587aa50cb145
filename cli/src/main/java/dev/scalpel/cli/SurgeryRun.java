package dev.scalpel.cli;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.resize.ResizeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One model surgery from the command line: read the model, infer shapes (the surgery needs ranks
 * and dims), run the pass, print what it reported, write the result atomically. A surgery the
 * model does not allow ({@link ResizeException}) is a usage error and writes nothing.
 */
final class SurgeryRun {
  private SurgeryRun() {}

  static int apply(CommandSpec spec, Path input, Path output, ModelPass pass) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Model model = OnnxReader.read(input);
    ShapeInference.run(model);
    PassContext context = new PassContext();
    try {
      pass.run(model, context);
    } catch (ResizeException e) {
      throw new ParameterException(spec.commandLine(), input + ": " + e.getMessage());
    }
    for (String d : context.diagnostics()) {
      out.println("  " + d);
    }
    OnnxWriter.write(model, output);
    out.println("wrote " + output);
    out.flush();
    return ExitCodes.OK;
  }
}
