package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.inputs.NpyFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} on surgery that adds inputs, and on models whose dims accept only some sizes. */
class ValidateDimsAndInputsTest {
  @TempDir
  Path dir;

  @Test
  void parameterizedResizeIsValidatedWithItsFactorFromInputs() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 4));
    Value s = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 2f, 2f));
    b.output(b.op("Relu", b.node("Resize", Arrays.asList(x, null, s), 1, Attribute.of("mode", "nearest")).output(0)));
    String in = TestModels.write(b.model(), dir.resolve("in.onnx")).toString();
    String out = dir.resolve("out.onnx").toString();
    assertThat(Cli.run("parameterize-resize", in, "-o", out).exitCode()).isEqualTo(ExitCodes.OK);
    Path two = dir.resolve("two.npy");
    NpyFormat.write(DenseTensor.ofFloats("factor", new long[0], 2f), two);
    Path three = dir.resolve("three.npy");
    NpyFormat.write(DenseTensor.ofFloats("factor", new long[0], 3f), three);

    Cli.Result without = Cli.run("validate", in, out);
    Cli.Result baked = Cli.run("validate", in, out, "--load-inputs", "factor=" + two);
    Cli.Result other = Cli.run("validate", in, out, "--load-inputs", "factor=" + three);

    assertThat(without.exitCode()).as(without.out()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(baked.exitCode()).as(baked.out() + baked.err()).isEqualTo(ExitCodes.OK);
    assertThat(baked.out()).contains("EQUIVALENT").contains("'factor'");
    // Fed another factor, the rewritten model makes a larger image: the check sees it.
    assertThat(other.exitCode()).as(other.out()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
  }

  @Test
  void anInputNeitherModelHasIsAUsageError() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    b.output(b.op("Relu", b.input("x", DataType.FLOAT, Shape.of(2))));
    String m = TestModels.write(b.model(), dir.resolve("m.onnx")).toString();
    Path npy = dir.resolve("y.npy");
    NpyFormat.write(DenseTensor.ofFloats("y", new long[] {2}, 1f, 2f), npy);

    Cli.Result r = Cli.run("validate", m, m, "--load-inputs", "y=" + npy);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'y'").contains("neither model").doesNotContain("Exception");
  }

  @Test
  void theRetiredInputsNameKeepsEveryValueAndSaysItIsRetired() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    b.output(b.op("Relu", b.input("x", DataType.FLOAT, Shape.of(2))));
    String m = TestModels.write(b.model(), dir.resolve("m.onnx")).toString();
    Path x = dir.resolve("x.npy");
    NpyFormat.write(DenseTensor.ofFloats("x", new long[] {2}, 1f, 2f), x);
    Path q = dir.resolve("q.npy");
    NpyFormat.write(DenseTensor.ofFloats("q", new long[] {2}, 1f, 2f), q);

    Cli.Result both = Cli.run("validate", m, m, "--inputs", "x=" + x);
    // 'q' is no input: whichever place it has among the repeated values, it reaches the check.
    Cli.Result last = Cli.run("validate", m, m, "--inputs", "x=" + x, "--inputs", "q=" + q);
    Cli.Result first = Cli.run("validate", m, m, "--inputs", "q=" + q, "--inputs", "x=" + x);
    Cli.Result mixed = Cli.run("validate", m, m, "--load-inputs", "x=" + x, "--inputs", "q=" + q);

    assertThat(both.exitCode()).as(both.err()).isEqualTo(ExitCodes.OK);
    assertThat(both.err()).isEqualTo("note: scalpel validate --inputs is deprecated; use --load-inputs "
        + "(the old name goes in the next release)" + System.lineSeparator());
    for (Cli.Result r : List.of(last, first, mixed)) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("'q'").contains("neither model");
      assertThat(r.err().lines().filter(l -> l.startsWith("note:")).count()).isEqualTo(1);
    }
  }

  @Test
  void noRunnableSizesIsACheckFailureThatSuggestsDims() throws IOException {
    // x[batch,1,samples] -> Conv(kernel 10): fewer than 10 samples cannot run whatever the batch.
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(1), Dim.of("samples")));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {1, 1, 10}, new float[10]));
    b.output(b.op("Conv", List.of(x, w), Attribute.ofInts("kernel_shape", 10)));
    String m = TestModels.write(b.model(), dir.resolve("conv.onnx")).toString();

    Cli.Result runs = Cli.run("validate", m, m);
    Cli.Result tooShort = Cli.run("validate", m, m, "--dims", "samples=5");

    assertThat(runs.exitCode()).as(runs.out() + runs.err()).isEqualTo(ExitCodes.OK);
    // kernel 10 without pads: 10 samples is the least that gives an output (floor((n-10)/1)+1 >= 1).
    assertThat(runs.out()).contains("0: batch=2, samples=10; 1: batch=3, samples=11");
    assertThat(tooShort.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED).isNotEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(tooShort.err()).startsWith("error: ").contains("dim 'batch' tried 2, 8, 32")
        .contains("first error, at {batch=2, samples=5}").contains("--dims batch=V1,V2").doesNotContain("Exception");
  }
}
