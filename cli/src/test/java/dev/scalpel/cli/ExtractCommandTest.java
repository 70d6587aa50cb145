package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {
  @TempDir
  Path dir;

  /** {@link TestModels#weighted}: x -> MatMul(w) = h -> Add(b) = hb -> Relu = r1 -> Mul(s) = m -> Relu = r2 -> Custom = y. */
  private Path weighted() throws IOException {
    return TestModels.write(TestModels.weighted(), dir.resolve("weighted.onnx"));
  }

  @Test
  void cutsAMidGraphRangeAndProvesItEvenWhereTheRestCannotRun() throws IOException {
    Path in = weighted();
    Path out = dir.resolve("cut.onnx");
    // NOTE: ONNX Runtime cannot run the whole original (com.example.Custom); the check runs only
    // what computes the cut's tensors.
    Cli.Result r = Cli.run("extract", in.toString(), "-o", out.toString(), "--inputs", "h", "--outputs", "r2");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("nodes: 6 -> 4; initializers removed: 1")
        .contains("in ONNX Runtime: EQUIVALENT").contains("wrote " + out);
    Model cut = OnnxReader.read(out);
    assertThat(cut.graph().inputs()).extracting(Value::name).containsExactly("h");
    // h = MatMul(x[batch,4], w[4,1000]): inferred, the file declared no type for it
    assertThat(cut.graph().inputs().get(0).type())
        .isEqualTo(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(1000))));
    assertThat(cut.graph().outputs()).extracting(Value::name).containsExactly("r2");
    assertThat(cut.graph().initializers()).extracting(Value::name).containsExactlyInAnyOrder("b", "s");
  }

  @Test
  void aCutThatIsNotClosedIsAUsageErrorNamingTheTensorAndNode() throws IOException {
    // x -> Relu = a; y = Add(a, x) (node 'residual')
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value a = b.op("Relu", x);
    a.setName("a");
    Node add = b.node("Add", List.of(a, x), 1);
    add.setName("residual");
    add.output(0).setName("y");
    b.output(add.output(0));
    Path in = TestModels.write(b.model(), dir.resolve("residual.onnx"));
    Path out = dir.resolve("cut.onnx");
    Cli.Result r = Cli.run("extract", in.toString(), "-o", out.toString(), "--inputs", "a", "--outputs", "y");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: the cut is not closed: Add 'residual' needs 'x', which is a graph input");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(out).doesNotExist();

    Cli.Result unknown = Cli.run("extract", in.toString(), "-o", out.toString(), "--inputs", "nope", "--outputs", "y");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no tensor named 'nope'");
    assertThat(out).doesNotExist();
  }

  @Test
  void givenShapesAndTypesAreUsedAndCommasInsideBracketsStayInTheShape() throws IOException {
    Path in = weighted();
    Path out = dir.resolve("cut.onnx");
    Cli.Result r = Cli.run("extract", in.toString(), "-o", out.toString(),
        "--inputs", "h:[n,1000]:float32,x:[n,4]:auto", "--outputs", "r2,h", "--json");

    assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(ExitCodes.OK);
    Map<String, Object> json = JsonOutput.object(JsonOutput.parse(r.out()));
    assertThat(json.get("written")).isEqualTo(true);
    List<Object> inputs = JsonOutput.array(json.get("inputs"));
    assertThat(inputs).hasSize(2);
    assertThat(JsonOutput.object(inputs.get(0))).containsEntry("name", "h").containsEntry("type", "float32[n,1000]")
        .containsEntry("shape", List.of("n", 1000L));
    assertThat(JsonOutput.object(inputs.get(1))).containsEntry("name", "x").containsEntry("type", "float32[n,4]");
    assertThat(JsonOutput.object(json.get("validation")).get("equivalent")).isEqualTo(true);
    // outputs r2 and h: h is an input too, passed through
    assertThat(OnnxReader.read(out).graph().outputs()).extracting(Value::name).containsExactly("r2", "h");
  }

  @Test
  void aStaticShapeGivenIsCheckedAtTheDimsGiven() throws IOException {
    Path in = weighted();
    Path out = dir.resolve("cut.onnx");
    Cli.Result atDefaultDims = Cli.run("extract", in.toString(), "-o", out.toString(),
        "--inputs", "h:[2,1000]:float32", "--outputs", "r2");
    // the checker runs the original at two sizes of batch; the cut only takes batch 2
    assertThat(atDefaultDims.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(out).doesNotExist();

    Cli.Result atTwo = Cli.run("extract", in.toString(), "-o", out.toString(),
        "--inputs", "h:[2,1000]:float32", "--outputs", "r2", "--dims", "batch=2");
    assertThat(atTwo.exitCode()).as(atTwo.err() + atTwo.out()).isEqualTo(ExitCodes.OK);
    assertThat(OnnxReader.read(out).graph().outputs().get(0).shape()).contains(Shape.of(2, 1000));
  }

  @Test
  void externalWeightsStayExternalAndTheCutIsProvedFromTheFiles() throws IOException {
    Path in = dir.resolve("ext.onnx");
    dev.scalpel.graph.io.OnnxWriter.write(TestModels.weighted(), in,
        dev.scalpel.graph.io.WriteOptions.defaults().withLayout(dev.scalpel.graph.io.WriteOptions.Layout.EXTERNAL).withSizeThreshold(1024));
    Path out = dir.resolve("cut.onnx");
    Cli.Result r = Cli.run("extract", in.toString(), "-o", out.toString(), "--inputs", "x", "--outputs", "r1");

    assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("EQUIVALENT");
    Model cut = OnnxReader.read(out);
    // w (16,000 bytes) and b (4,000 bytes) stay in an external file; s is gone
    assertThat(cut.graph().initializers()).extracting(Value::name).containsExactlyInAnyOrder("w", "b");
    assertThat(cut.graph().initializer("w").orElseThrow().initializer().orElseThrow().isExternal()).isTrue();
    assertThat(cut.graph().initializer("w").orElseThrow().initializer().orElseThrow().toFloatArray()[3999]).isEqualTo(4000.5f);
  }

  @Test
  void fileSafetyAndNoValidate() throws IOException {
    Path in = weighted();
    Cli.Result self = Cli.run("extract", in.toString(), "-o", in.toString(), "--inputs", "h", "--outputs", "r2");
    assertThat(self.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(self.err()).contains("refusing to overwrite the input");

    Path out = dir.resolve("cut.onnx");
    Cli.Result unchecked = Cli.run("extract", in.toString(), "-o", out.toString(), "--outputs", "hb", "--no-validate");
    assertThat(unchecked.exitCode()).as(unchecked.err()).isEqualTo(ExitCodes.OK);
    assertThat(unchecked.out()).doesNotContain("ONNX Runtime").contains("wrote " + out);
    assertThat(OnnxReader.read(out).graph().inputs()).extracting(Value::name).containsExactly("x");

    Cli.Result neither = Cli.run("extract", in.toString(), "-o", out.toString());
    assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.exists(out)).isTrue();
  }

  @Test
  void jsonErrorsAreOneObject() throws IOException {
    Path in = weighted();
    Cli.Result r = Cli.run("extract", in.toString(), "-o", dir.resolve("o.onnx").toString(), "--inputs", "r1",
        "--outputs", "hb", "--json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    Map<String, Object> json = JsonOutput.object(JsonOutput.parse(r.out()));
    assertThat(json).containsEntry("exitCode", 2L);
    assertThat((String) json.get("error")).contains("output 'hb' reads none of the inputs");
  }
}
