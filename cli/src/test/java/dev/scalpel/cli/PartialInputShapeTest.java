package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --input-shape} for some inputs only: the other inputs take the sizes of the dim symbols
 * they share with the given ones, and when their dims are still free and the model cannot run at
 * the sizes tried, the user is asked for their shapes (exit 2); the original is never blamed.
 */
class PartialInputShapeTest {
  @TempDir
  Path dir;

  /** x[n,4] + Reshape(y[m,4], Shape(x)): y must hold as many elements as x, which no planned condition says. */
  private Path reshapedToX() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(4)));
    Value y = b.input("y", DataType.FLOAT, Shape.of(Dim.of("m"), Dim.of(4)));
    b.output(b.op("Add", x, b.op("Reshape", y, b.op("Shape", x))));
    return TestModels.write(b.model(), dir.resolve("reshape.onnx"));
  }

  @Test
  void freeDimsOfInputsNotGivenThatKeepTheModelFromRunningAreAUsageErrorNamingThem() throws IOException {
    Path in = reshapedToX();
    Path out = dir.resolve("s.onnx");

    // m is free: the sizes tried (2, 8, 32, ...) never make y hold 24 elements.
    Cli.Result simplify = Cli.run("simplify", in.toString(), "-o", out.toString(), "--input-shape", "x=6x4");
    Cli.Result run = Cli.run("run", in.toString(), "--input-shape", "x=6x4");

    for (Cli.Result r : new Cli.Result[] {simplify, run}) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).startsWith("error: --input-shape x=6x4 leaves the dims of 'y' [m,4] free")
          .contains("give its shape too (--input-shape y=DIMS)").doesNotContain("original model");
      assertThat(r.err().lines().count()).isEqualTo(1);
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void givenTheOtherShapeTooTheModelIsSimplifiedAndChecked() throws IOException {
    Path in = reshapedToX();
    Path out = dir.resolve("s.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(), "--input-shape", "x=6x4",
        "--input-shape", "y=6x4");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("EQUIVALENT over 1 run (static shapes)");
    assertThat(shape(OnnxReader.read(out), "y")).isEqualTo(Shape.of(6, 4));
  }

  @Test
  void aSymbolTheGivenShapeSizesHasThatSizeInTheOtherInputs() throws IOException {
    // x[batch,4] and y[batch,3] share batch: x=6x4 makes batch 6, so y is [6,3] (not free).
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(4)));
    Value y = b.input("y", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3)));
    b.output(b.op("Relu", x));
    b.output(b.op("Relu", y));
    Path in = TestModels.write(b.model(), dir.resolve("shared.onnx"));
    Path out = dir.resolve("s.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(), "--input-shape", "x=6x4");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    // One run at the sizes given: before, y's batch was checked at 2 and 3 while x's was 6.
    assertThat(r.out()).contains("EQUIVALENT over 1 run (static shapes)");
    Model m = OnnxReader.read(out);
    assertThat(shape(m, "x")).isEqualTo(Shape.of(6, 4));
    assertThat(shape(m, "y")).isEqualTo(Shape.of(6, 3));
  }

  @Test
  void aModelThatCannotRunAtTheSharedSizesIsTheUsersShapeNotAnInvalidModel() throws IOException {
    // Reshape(x[batch,4], Shape(y[batch,3])) runs only where 4*batch_x = 3*batch_y; with one batch, never.
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(4)));
    Value y = b.input("y", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3)));
    b.output(b.op("Add", b.op("Reshape", x, b.op("Shape", y)), y));
    Path in = TestModels.write(b.model(), dir.resolve("never.onnx"));

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", dir.resolve("s.onnx").toString(), "--input-shape", "x=6x4");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE).isNotEqualTo(ExitCodes.INVALID_MODEL);
    // NOTE: y's shape follows from x's (batch = 6), so nothing is free: the shapes given are the cause.
    assertThat(r.err()).startsWith("error: ONNX Runtime cannot run the model at the input shapes given: "
        + "--input-shape x=6x4 (so y=6x3 by their shared dims): ").contains("Reshape");
  }

  private static Shape shape(Model m, String input) {
    Value v = m.graph().inputs().stream().filter(i -> i.name().equals(input)).findFirst().orElseThrow();
    return ((ValueType.TensorType) v.type()).shape();
  }
}
