package dev.scalpel.runtime.large;

import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.ValueRange;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyResult;
import java.nio.file.Path;

/**
 * Simplifies {@code ARGS[0]} with validation into {@code ARGS[1]}, in a JVM of its own (run by
 * {@link LargeModelValidationTest} with a small heap); prints the verdict and exits 0 only when
 * the check passed and the result was written.
 */
public final class LargeModelSimplify {
  private LargeModelSimplify() {}

  public static void main(String[] args) throws Exception {
    ModelSource source = ModelSource.read(Path.of(args[0]));
    SimplifyOptions options = SimplifyOptions.defaults().withCheck(SimplifyOptions.defaults().check()
        .withInputRange("ids", new ValueRange(0, SparseLargeModel.WRITTEN_ROWS + 3)));
    SimplifyResult result = new Simplifier().run(source, options,
        new CheckedEdit.Output(Path.of(args[1]), WriteOptions.defaults()));
    System.out.println("nodes " + result.report().before().nodes() + " -> " + result.report().after().nodes());
    System.out.println(result.report().validation().orElseThrow());
    System.out.println("max heap " + Runtime.getRuntime().maxMemory());
    System.exit(result.report().passed() && result.written().isPresent() ? 0 : 1);
  }
}
