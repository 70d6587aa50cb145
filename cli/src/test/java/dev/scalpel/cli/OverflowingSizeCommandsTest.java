package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the shape rewrites of {@code simplify} multiply declared dims symbolically; with dims
 * such as 2^62 the exact product overflows a long (ArithmeticException, "pass failed", exit 70).
 * Such a product can equal no dim, so the rewrite declines and simplify goes on.
 */
class OverflowingSizeCommandsTest {
  private static final long HUGE = 1L << 62;

  @TempDir
  Path dir;

  private Cli.Result simplify(Model model) throws IOException {
    Path in = TestModels.write(model, dir.resolve("in.onnx"));
    return Cli.run("simplify", in.toString(), "-o", dir.resolve("out.onnx").toString(), "--no-validate");
  }

  @Test
  void transposeThroughReshapesDeclinesWhenGroupingTheDimsOverflows() throws IOException {
    // Relu(Reshape(Transpose(Reshape(x[2^62, 4, 3], [3, 8])), [8, 3])): grouping x's dims to reach
    // A's 3 multiplies 2^62 by 4.
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", DataType.FLOAT, Shape.of(HUGE, 4, 3));
    Value a = b.op("Reshape", x, b.initializer("merge", DenseTensor.vector("merge", 3, 8)));
    Value t = b.op("Transpose", List.of(a), Attribute.ofInts("perm", 1, 0));
    b.output(b.op("Relu", b.op("Reshape", t, b.initializer("split", DenseTensor.vector("split", 8, 3)))));

    Cli.Result r = simplify(b.model());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void reshapeToProvenTargetDeclinesWhenTheElementCountOverflows() throws IOException {
    // Reshape(x[n, 2^62, 4], Concat([2^62, 4], Shape(x)[0:1])): proving the symbolic element n is
    // what -1 would give multiplies n * 2^62 * 4.
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(HUGE), Dim.of(4)));
    Value n = b.op("Slice", b.op("Shape", x), b.initializer("s", DenseTensor.vector("s", 0)),
        b.initializer("e", DenseTensor.vector("e", 1)));
    Value target = b.op("Concat", List.of(b.initializer("c", DenseTensor.vector("c", HUGE, 4)), n),
        Attribute.of("axis", 0L));
    b.output(b.op("Reshape", x, target));

    Cli.Result r = simplify(b.model());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(OnnxReader.read(dir.resolve("out.onnx")).graph().nodes()).extracting(node -> node.opType())
        .contains("Reshape");
  }

  @Test
  void setDimsReportsAnElementCountPastALongAsAContradiction() throws IOException {
    // Relu(Reshape(x[n, 4, 3], [-1, 12])) given x = [2^62, 4, 3]: the element count 3 * 2^64 overflows.
    // Before: "internal error: ArithmeticException: long overflow" from the Reshape check, exit 70.
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(4), Dim.of(3)));
    b.output(b.op("Relu", b.op("Reshape", x, b.initializer("t", DenseTensor.vector("t", -1, 12)))));
    Path in = TestModels.write(b.model(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", out.toString(), "--input-shape", "x=" + HUGE + "x4x3");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("contradiction", "an element count overflows 64 bits");
    assertThat(r.err()).doesNotContain("internal error");
    assertThat(out).doesNotExist();
  }

  @Test
  void makeDynamicChecksAModelWhoseDeclaredElementCountOverflows() throws IOException {
    // Relu(Reshape(x[2^62, 4, 3], [4, 3])), dim 0 made symbolic. Before: the check of the model as it
    // was ("baseline") multiplied 2^62 * 4 * 3: "internal error: ArithmeticException", exit 70.
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", DataType.FLOAT, Shape.of(HUGE, 4, 3));
    b.output(b.op("Relu", b.op("Reshape", x, b.initializer("t", DenseTensor.vector("t", 4, 3)))));
    Path in = TestModels.write(b.model(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--dim", "x:0=batch");

    // NOTE: made dynamic, the Reshape to [4, 3] runs only at batch = 1: reported, nothing written.
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("runs only when 12*batch = 12", "not written");
    assertThat(r.err()).doesNotContain("internal error");
    assertThat(out).doesNotExist();
  }
}
