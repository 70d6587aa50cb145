package dev.scalpel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example's {@code main} as a user would, in one folder, and checks what it wrote:
 * each example is a test, so none can rot.
 */
class ExamplesTest {
  @TempDir
  static Path dir;

  /** Example 01 makes the model the others read. */
  @BeforeAll
  static void createModel() throws Exception {
    run(Example01CreateModel::main);
  }

  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  /** Runs {@code main} with the folder as its argument and returns what it printed. */
  private static String run(Main main) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(new String[] {dir.toString()});
    } finally {
      System.setOut(old);
    }
    // NOTE: not echoed, so that `mvn -q verify` stays quiet; the assertions quote what matters.
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static Model read(String file) throws IOException {
    return OnnxReader.read(dir.resolve(file));
  }

  private static java.util.List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  @Test
  void example01CreatesTheModel() throws IOException {
    assertThat(ops(read("model.onnx"))).containsExactly("Conv", "Mul", "Mul", "Relu", "Dropout", "Resize");
  }

  @Test
  void example02FoldsTheConstantProduct() throws Exception {
    String out = run(Example02FoldConstants::main);
    Model m = read("folded.onnx");
    assertThat(out).contains("nodes 6 -> 5");
    assertThat(ops(m)).containsExactly("Conv", "Mul", "Relu", "Dropout", "Resize");
    Value scale = m.graph().nodes("Mul").get(0).input(1);
    assertThat(scale.constantValue().orElseThrow().toFloatArray()).containsExactly(1f);
  }

  @Test
  void example03InsertsTheNodeBetweenTheTensorAndItsReaders() throws Exception {
    run(Example03InsertNode::main);
    Graph g = read("inserted.onnx").graph();
    Node leaky = g.nodes("LeakyRelu").get(0);
    assertThat(leaky.input(0).name()).isEqualTo("features");
    assertThat(leaky.floatAttribute("alpha", 0)).isEqualTo(0.1f);
    assertThat(g.value("features").consumers()).containsExactly(leaky);
    assertThat(leaky.output(0).consumers()).extracting(Node::opType).containsExactly("Mul");
  }

  @Test
  void example04BypassesTheDropout() throws Exception {
    String out = run(Example04BypassNode::main);
    Graph g = read("bypassed.onnx").graph();
    assertThat(out).contains("remove: cannot remove Dropout");
    assertThat(g.nodes()).extracting(Node::opType).doesNotContain("Dropout");
    assertThat(g.nodes("Resize").get(0).input(0).name()).isEqualTo("activations");
  }

  @Test
  void example09ConvertsToFloat16AndProvesIt() throws Exception {
    String out = run(Example09ConvertToFloat16::main);
    Model m = read("fp16.onnx");
    assertThat(out).contains("validated: true");
    // Weights are half now; the signature stays float32 (keepIoTypes).
    assertThat(m.graph().initializer("w").orElseThrow().initializer().orElseThrow().dataType())
        .isEqualTo(dev.scalpel.graph.DataType.FLOAT16);
    assertThat(m.graph().inputs().get(0).type().toString()).startsWith("float[");
    assertThat(ops(m)).contains("Cast");
  }

  @Test
  void example10ReplaysSavedOutputsOnTheFoldedModel() throws Exception {
    run(Example02FoldConstants::main);
    String out = run(Example10SavedReferenceOutputs::main);
    assertThat(dir.resolve("golden.npz")).isRegularFile();
    assertThat(out).contains("saved [y]").contains("folded model matches: true");
  }

  @Test
  void example05MakesTheBatchDynamic() throws Exception {
    run(Example05MakeBatchDynamic::main);
    Graph g = read("dynamic.onnx").graph();
    assertThat(g.value("x").shape().orElseThrow().dim(0)).isEqualTo(Dim.of("batch"));
    assertThat(g.value("y").shape().orElseThrow().dim(0)).isEqualTo(Dim.of("batch"));
  }

  @Test
  void example06TakesTheResizeScaleFromAnInput() throws Exception {
    run(Example06ParameterizeResize::main);
    Graph g = read("resizable.onnx").graph();
    assertThat(g.inputs()).extracting(Value::name).containsExactly("x", "factor");
  }

  @Test
  void example07ValidatesAndPrintsTheTrtexecCommand() throws Exception {
    run(Example05MakeBatchDynamic::main);
    String out = run(Example07ValidateForTensorRt::main);
    assertThat(out).contains("EQUIVALENT over 1 run(s)")
        .contains("trtexec --onnx=" + dir.resolve("dynamic.onnx"))
        .contains("--minShapes=x:1x3x8x8").contains("--maxShapes=x:8x3x8x8");
  }

  @Test
  void example11sPipelineIsTwelveLines() throws IOException {
    java.util.List<String> lines = java.nio.file.Files.readAllLines(
        Path.of("src/main/java/dev/scalpel/examples/Example11SurgeryPipeline.java"));
    int begin = lines.indexOf("    // pipeline:begin (the lines README.md counts)");
    int end = lines.indexOf("    // pipeline:end");
    assertThat(begin).isNotNegative();
    assertThat(end - begin - 1).as("lines between the markers (README.md reports 12)").isEqualTo(12);
  }

  @Test
  void example11RunsTheWholePipeline() throws Exception {
    String out = run(Example11SurgeryPipeline::main);
    assertThat(out).contains("input %x: float[1,3,8,8]").contains("true, true, written: true");
    Graph g = read("pipeline.onnx").graph();
    // The cut ends at 'activations': the Dropout and the Resize after it are not in the result.
    assertThat(ops(read("pipeline.onnx"))).doesNotContain("Dropout", "Resize");
    assertThat(g.outputs()).extracting(Value::name).containsExactly("activations");
    assertThat(g.value("features").consumers()).extracting(Node::opType).containsExactly("Relu");
    assertThat(g.initializer("w").orElseThrow().initializer().orElseThrow().dataType())
        .isEqualTo(dev.scalpel.graph.DataType.FLOAT16);
  }
}
