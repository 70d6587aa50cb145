package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResizeCommandsTest {
  @TempDir
  Path dir;

  /** x: float[1,1,3,4] -> Resize-13 (scales [1,1,2,2], node 'up') -> Relu -> y. */
  private Path resizeModel(long opset) throws IOException {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 4));
    Value s = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 2f, 2f));
    var node = b.node("Resize", Arrays.asList(x, null, s), 1, Attribute.of("mode", "nearest"));
    node.setName("up");
    b.output(b.op("Relu", node.output(0)));
    return TestModels.write(b.model(), dir.resolve("in.onnx"));
  }

  @Test
  void parameterizeResizeAddsTheFactorInput() throws IOException {
    Path in = resizeModel(13);
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("parameterize-resize", in.toString(), "-o", out.toString(), "--node", "up", "--input-name", "scale");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("now from input 'scale'").contains("wrote " + out)
        .contains("checked against the original (input 'scale' fed the baked scale) in ONNX Runtime: EQUIVALENT");
    Model m = OnnxReader.read(out);
    assertThat(m.graph().inputs()).extracting(Value::name).containsExactly("x", "scale");
  }

  @Test
  void parameterizeResizeWithAnIntegerFactorIsCheckedAtTheBakedScale() throws IOException {
    Path in = resizeModel(13);
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("parameterize-resize", in.toString(), "-o", out.toString(), "--factor-type", "int64",
        "--atol", "0", "--rtol", "0");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("EQUIVALENT").contains("max abs error 0");
  }

  @Test
  void perAxisFactorIsCheckedAtTheBakedScalesAndAFractionalScaleRefusesAnIntegerFactor() throws IOException {
    Path in = resizeModel(13);
    Path out = dir.resolve("out.onnx");
    Cli.Result perAxis = Cli.run("parameterize-resize", in.toString(), "-o", out.toString(), "--per-axis");
    assertThat(perAxis.exitCode()).as(perAxis.err()).isEqualTo(ExitCodes.OK);
    assertThat(perAxis.out()).contains("EQUIVALENT");

    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 4, 4));
    Value s = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 1.5f, 1.5f));
    b.output(b.node("Resize", Arrays.asList(x, null, s), 1, Attribute.of("mode", "nearest")).output(0));
    Path fractional = TestModels.write(b.model(), dir.resolve("fractional.onnx"));
    Path out2 = dir.resolve("out2.onnx");
    Cli.Result r = Cli.run("parameterize-resize", fractional.toString(), "-o", out2.toString(), "--factor-type", "int32");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("the baked scale 1.5 is not a whole number");
    assertThat(out2).doesNotExist();
  }

  @Test
  void checkOptionsOfTheSurgeriesAreValidated() throws IOException {
    Path in = resizeModel(13);
    Path out = dir.resolve("out.onnx");
    Cli.Result atol = Cli.run("parameterize-resize", in.toString(), "-o", out.toString(), "--atol", "-1");
    Cli.Result dims = Cli.run("insert-resize", in.toString(), "-o", out.toString(), "--after", "x",
        "--scales", "1,1,2,2", "--dims", "batch=2");
    assertThat(atol.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(atol.err()).contains("--atol and --rtol must be finite and non-negative");
    assertThat(dims.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dims.err()).contains("--dims batch: the model has no dynamic dim named 'batch'");
    assertThat(out).doesNotExist();
  }

  @Test
  void insertResizeComparesTheOutputsItDoesNotReach() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    Value y = b.op("Relu", x);
    y.setName("y");
    Value z = b.op("Sigmoid", x);
    z.setName("z");
    b.output(y, z);
    Path in = TestModels.write(b.model(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("insert-resize", in.toString(), "-o", out.toString(), "--after", "y", "--scales", "1,1,2,2");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("checked against the original's outputs that do not read the resized tensor "
        + "in ONNX Runtime: EQUIVALENT over 1 run");
    assertThat(OnnxReader.read(out).graph().outputs()).extracting(Value::name).containsExactly("y", "z");
  }

  @Test
  void parameterizeResizeRefusalIsAUsageErrorAndWritesNothing() throws IOException {
    Path in = resizeModel(13);
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("parameterize-resize", in.toString(), "-o", out.toString(), "--node", "missing");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("error: ").contains("no node named 'missing'").doesNotContain("Exception");
    assertThat(out).doesNotExist();
  }

  @Test
  void insertResizeAfterAGraphOutputKeepsTheOutputName() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    Value y = b.op("Relu", x);
    y.setName("y");
    b.output(y);
    Path in = TestModels.write(b.model(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("insert-resize", in.toString(), "-o", out.toString(), "--after", "y", "--scales", "1,1,2,2",
        "--mode", "linear", "--coordinate-transformation-mode", "half_pixel");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("checked against itself (every output reads the resized tensor");
    Model m = OnnxReader.read(out);
    Value output = m.graph().outputs().get(0);
    assertThat(output.name()).isEqualTo("y");
    assertThat(output.producer().opType()).isEqualTo("Resize");
    assertThat(output.shape()).contains(Shape.of(1, 2, 6, 8));
  }

  @Test
  void insertResizeBadScalesAreUsageErrors() throws IOException {
    Path in = resizeModel(13);
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("insert-resize", in.toString(), "-o", out.toString(), "--after", "x", "--scales", "1,2");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("rank 4");
    Cli.Result bad = Cli.run("insert-resize", in.toString(), "-o", out.toString(), "--after", "x", "--scales", "1,x");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(out).doesNotExist();
  }
}
