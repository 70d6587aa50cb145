package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.inputs.NpyFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scalpel edit}: each subcommand's rewiring is checked on the written file (who reads what,
 * names, types), and where it changes values, against a model built by hand through {@code
 * scalpel validate} (ONNX Runtime); mistakes are usage errors that write nothing.
 */
class EditCommandTest {
  @TempDir
  Path dir;

  /** x[1,2,3,4] -> Relu 'r' -> a -> Neg 'n' -> y; x -> Sigmoid 's' -> z. Outputs y, z. */
  private Path model() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    Value a = named(b.op("Relu", x), "a", "r");
    Value y = named(b.op("Neg", a), "y", "n");
    Value z = named(b.op("Sigmoid", x), "z", "s");
    b.output(y, z);
    return TestModels.write(b.model(), dir.resolve("in.onnx"));
  }

  private static Value named(Value v, String value, String node) {
    v.setName(value);
    v.producer().setName(node);
    return v;
  }

  private Path out() {
    return dir.resolve("out.onnx");
  }

  // ---------------------------------------------------------------- insert

  @Test
  void insertAfterATensorComputesWhatAHandBuiltModelComputes() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--after", "a", "--op", "Neg");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("inserted Neg").contains("after 'a'")
        .contains("checked against the original's outputs that do not read 'a' in ONNX Runtime: EQUIVALENT")
        .contains("wrote " + out());
    Model m = OnnxReader.read(out());
    Node neg = m.graph().value("y").producer();
    assertThat(neg.input(0).producer().opType()).isEqualTo("Neg");
    assertThat(neg.input(0).producer().input(0).name()).isEqualTo("a");

    // y = -(-relu(x)) = relu(x): the same as a model built by hand, in ONNX Runtime.
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    b.output(named(b.op("Relu", x), "y", "r"), named(b.op("Sigmoid", x), "z", "s"));
    Path expected = TestModels.write(b.model(), dir.resolve("expected.onnx"));
    Cli.Result same = Cli.run("validate", expected.toString(), out().toString());
    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void insertTypesAttributesByTheSchema() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--after", "x", "--op", "LeakyRelu",
        "--attr", "alpha=1");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("checked against itself (every output is computed from 'x'");
    Node leaky = OnnxReader.read(out()).graph().nodes("LeakyRelu").get(0);
    Attribute alpha = leaky.attribute("alpha").orElseThrow();
    assertThat(alpha.type()).isEqualTo(Attribute.Type.FLOAT);
    assertThat(alpha.asFloat()).isEqualTo(1f);
    assertThat(leaky.input(0).name()).isEqualTo("x");
  }

  @Test
  void insertACastAfterAGraphOutputKeepsItsNameAndRetypesIt() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--after", "y", "--op", "Cast",
        "--attr", "to=7");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Model m = OnnxReader.read(out());
    Value y = m.graph().outputs().get(0);
    assertThat(y.name()).isEqualTo("y");
    assertThat(y.producer().opType()).isEqualTo("Cast");
    assertThat(y.dataType()).contains(DataType.INT64);
    assertThat(y.producer().input(0).producer().opType()).isEqualTo("Neg");
  }

  @Test
  void insertBeforeATensorGivesTheNewNodeItsName() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--before", "a", "--op", "Abs");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Model m = OnnxReader.read(out());
    assertThat(m.graph().value("a").producer().opType()).isEqualTo("Abs");
    assertThat(m.graph().value("a").producer().input(0).producer().opType()).isEqualTo("Relu");
  }

  @Test
  void insertMistakesAreUsageErrorsThatWriteNothing() throws IOException {
    Path in = model();
    Map<List<String>, String> cases = Map.of(
        List.of("--after", "nope", "--op", "Relu"), "no tensor named 'nope' in the main graph",
        List.of("--after", "a", "--op", "Rellu"), "--op Rellu: no such operator in domain 'ai.onnx' at opset 17",
        List.of("--after", "a", "--op", "LeakyRelu", "--attr", "beta=1"), "has no attribute 'beta'",
        List.of("--after", "a", "--op", "LeakyRelu", "--attr", "alpha=big"), "'big' is not a float value",
        List.of("--before", "x", "--op", "Abs"), "'x': it is a graph input; insert after it instead",
        List.of("--after", "a", "--before", "a", "--op", "Abs"), "mutually exclusive");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = new java.util.ArrayList<>(List.of("edit", "insert", in.toString(), "-o", out().toString()));
      args.addAll(c.getKey());
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(c.getKey() + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(c.getKey().toString()).contains(c.getValue()).doesNotContain("Exception");
      assertThat(out()).doesNotExist();
    }
  }

  @Test
  void insertWithAnNpyInitializerAsFirstInputComputesWhatAHandBuiltModelComputes() throws IOException {
    Path in = model();
    Path one = dir.resolve("one.npy");
    NpyFormat.write(DenseTensor.ofFloats("one", new long[] {1}, 1f), one);

    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--after", "a", "--op", "Sub",
        "--node-inputs", one + ",a");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("added initializer 'one' (FLOAT [1])").contains("inserted Sub");
    Model m = OnnxReader.read(out());
    Node sub = m.graph().value("y").producer().input(0).producer();
    assertThat(sub.opType()).isEqualTo("Sub");
    assertThat(sub.inputs()).extracting(Value::name).containsExactly("one", "a");
    assertThat(m.graph().initializer("one").orElseThrow().initializer().orElseThrow().toFloatArray()).containsExactly(1f);

    // y = -(1 - relu(x)) = relu(x) - 1: the order of the inputs counts (a - 1 would give 1 - relu(x)).
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    Value y = b.op("Sub", b.op("Relu", x), b.constant(DenseTensor.ofFloats("c", new long[0], 1f)));
    b.output(named(y, "y", "n"), named(b.op("Sigmoid", x), "z", "s"));
    Path expected = TestModels.write(b.model(), dir.resolve("expected.onnx"));
    Cli.Result same = Cli.run("validate", expected.toString(), out().toString());
    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void insertWithAnotherTensorAsSecondInputReadsItAndTheTensor() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--after", "a", "--op", "Add",
        "--node-inputs", "a,z");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Model m = OnnxReader.read(out());
    Node add = m.graph().value("y").producer().input(0).producer();
    assertThat(add.inputs()).extracting(Value::name).containsExactly("a", "z");

    // y = -(relu(x) + sigmoid(x)), z unchanged.
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 4));
    Value z = b.op("Sigmoid", x);
    Value y = b.op("Neg", b.op("Add", b.op("Relu", x), z));
    b.output(named(y, "y", "n"), named(z, "z", "s"));
    Path expected = TestModels.write(b.model(), dir.resolve("expected.onnx"));
    Cli.Result same = Cli.run("validate", expected.toString(), out().toString());
    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void insertInputMistakesAreUsageErrorsThatWriteNothing() throws IOException {
    Path in = model();
    Map<List<String>, String> cases = Map.of(
        List.of("--after", "x", "--op", "Add", "--node-inputs", "x,a"),
        "input 'a' of the new Add is computed from 'x': inserting after 'x' would make a cycle",
        List.of("--after", "a", "--op", "Add", "--node-inputs", "z,z"), "--node-inputs z,z: must include 'a'",
        List.of("--after", "a", "--op", "Add", "--node-inputs", "a,nope"), "no tensor named 'nope' in the main graph",
        List.of("--after", "a", "--op", "Add"), "--op Add takes 2 input(s) at opset 17, not 1 (give them with --node-inputs)",
        List.of("--after", "a", "--op", "Relu", "--node-inputs", "a,z"), "--op Relu takes 1 input(s) at opset 17, not 2");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = new java.util.ArrayList<>(List.of("edit", "insert", in.toString(), "-o", out().toString()));
      args.addAll(c.getKey());
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(c.getKey() + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(c.getKey().toString()).contains(c.getValue()).doesNotContain("Exception");
      assertThat(out()).doesNotExist();
    }
  }

  @Test
  void aCustomDomainOpTypedBySpellingIsImportedAndWrittenWithoutValidation() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "insert", in.toString(), "-o", out().toString(), "--after", "a", "--op", "MyOp",
        "--domain", "com.example", "--attr", "k=3", "--attr", "v:float=3", "--attr", "l=1,2", "--attr", "s=hi",
        "--no-validate");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("imported domain 'com.example' at version 1").doesNotContain("checked against");
    Model m = OnnxReader.read(out());
    Node my = m.graph().nodes("MyOp").get(0);
    assertThat(my.domain()).isEqualTo("com.example");
    assertThat(my.attributes().values()).extracting(Attribute::type).containsExactly(Attribute.Type.INT,
        Attribute.Type.FLOAT, Attribute.Type.INTS, Attribute.Type.STRING);
    assertThat(my.attribute("k").orElseThrow().asLong()).isEqualTo(3L);
    assertThat(my.attribute("v").orElseThrow().asFloat()).isEqualTo(3f);
    assertThat(my.attribute("l").orElseThrow().asLongs()).containsExactly(1L, 2L);
    assertThat(my.attribute("s").orElseThrow().asString()).isEqualTo("hi");
    assertThat(m.opsetImports().version("com.example")).hasValue(1);
  }

  // ---------------------------------------------------------------- remove

  @Test
  void removeBypassesTheNodeAndTheOtherOutputsKeepTheirValues() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "remove", in.toString(), "-o", out().toString(), "--node", "r");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("removed Relu 'r'; its readers read 'x'")
        .contains("checked against the original's outputs that do not read node 'r' in ONNX Runtime: EQUIVALENT");
    Model m = OnnxReader.read(out());
    assertThat(m.graph().nodes()).extracting(Node::name).containsExactly("n", "s");
    assertThat(m.graph().node("n").input(0).name()).isEqualTo("x");
  }

  @Test
  void removeOfTheNodeProducingAnOutputKeepsTheOutputName() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "remove", in.toString(), "-o", out().toString(), "--node", "n", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> json = JsonOutput.object(JsonOutput.parse(r.out()));
    assertThat(json).containsEntry("edit", "remove").containsEntry("status", "PASSED")
        .containsEntry("written", out().toString());
    assertThat(JsonOutput.object(json.get("check"))).containsEntry("passed", true);
    Model m = OnnxReader.read(out());
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("y", "z");
    assertThat(m.graph().value("y").producer().name()).isEqualTo("r");
  }

  @Test
  void aMistakeWithJsonIsAlsoAJsonObject() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "remove", in.toString(), "-o", out().toString(), "--node", "nope", "--json");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    Map<String, Object> json = JsonOutput.object(JsonOutput.parse(r.out()));
    assertThat(json).containsEntry("model", in.toString()).containsEntry("exitCode", 2L);
    assertThat((String) json.get("error")).contains("no node named 'nope'");
    assertThat(r.err()).contains("error: ");
  }

  @Test
  void removeThatWouldRenameAGraphInputIsRefused() throws IOException {
    Path in = model();
    Cli.Result missing = Cli.run("edit", "remove", in.toString(), "-o", out().toString(), "--node", "nope");
    Cli.Result refused = Cli.run("edit", "remove", in.toString(), "-o", out().toString(), "--node", "s");

    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no node named 'nope'");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("would become graph input 'x'");
    assertThat(out()).doesNotExist();
  }

  // ---------------------------------------------------------------- rename

  @Test
  void renameIsCheckedForEqualOutputs() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "rename", in.toString(), "-o", out().toString(), "--tensor", "a=hidden",
        "--node", "r=relu0");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("checked against the original in ONNX Runtime: EQUIVALENT");
    Model m = OnnxReader.read(out());
    assertThat(m.graph().node("relu0").output(0).name()).isEqualTo("hidden");
    assertThat(m.graph().node("n").input(0).name()).isEqualTo("hidden");
  }

  @Test
  void renamingTheSignatureIsComparedUnderTheNewNames() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "rename", in.toString(), "-o", out().toString(), "--tensor", "x=image",
        "--tensor", "y=score");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("checked against the original under the new names in ONNX Runtime: EQUIVALENT");
    Model m = OnnxReader.read(out());
    assertThat(m.graph().inputs()).extracting(Value::name).containsExactly("image");
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("score", "z");
  }

  @Test
  void renameToATakenNameIsRefusedAndNothingIsRenamed() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "rename", in.toString(), "-o", out().toString(), "--tensor", "a=fine",
        "--tensor", "y=z");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("cannot rename 'y' to 'z'");
    assertThat(out()).doesNotExist();
  }

  // ---------------------------------------------------------------- outputs

  @Test
  void outputsAreAddedAndRemoved() throws IOException {
    Path in = model();
    Cli.Result r = Cli.run("edit", "output", in.toString(), "-o", out().toString(), "--add", "a", "--remove", "z");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("checked against the original's outputs that do not get removed");
    Model m = OnnxReader.read(out());
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("y", "a");
    assertThat(m.graph().value("a").dataType()).contains(DataType.FLOAT);

    Cli.Result last = Cli.run("edit", "output", in.toString(), "-o", dir.resolve("o2.onnx").toString(),
        "--remove", "y", "--remove", "z");
    assertThat(last.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(last.err()).contains("a graph needs at least one output");
  }

  // ---------------------------------------------------------------- initializers

  /** x[1,3] + w[3] -> y. */
  private Path weighted() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {3}, 1f, 2f, 3f));
    b.output(named(b.op("Add", x, w), "y", "add"));
    return TestModels.write(b.model(), dir.resolve("weighted.onnx"));
  }

  @Test
  void anInitializerTakesTheDataOfANpyFileOfTheSameTypeAndShape() throws IOException {
    Path in = weighted();
    Path npy = dir.resolve("w.npy");
    NpyFormat.write(DenseTensor.ofFloats("w", new long[] {3}, 10f, 20f, 30f), npy);

    Cli.Result r = Cli.run("edit", "initializer", in.toString(), "-o", out().toString(), "--name", "w",
        "--from", npy.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    float[] w = OnnxReader.read(out()).graph().initializer("w").orElseThrow().initializer().orElseThrow().toFloatArray();
    assertThat(w).containsExactly(10f, 20f, 30f);
  }

  @Test
  void anInitializerOfAnotherTypeOrShapeIsRefusedUnlessTheShapeChangeIsAllowed() throws IOException {
    Path in = weighted();
    Path ints = dir.resolve("ints.npy");
    NpyFormat.write(DenseTensor.ofLongs("w", new long[] {3}, 1, 2, 3), ints);
    Path one = dir.resolve("one.npy");
    NpyFormat.write(DenseTensor.ofFloats("w", new long[] {1}, 5f), one);

    Cli.Result type = Cli.run("edit", "initializer", in.toString(), "-o", out().toString(), "--name", "w", "--from",
        ints.toString());
    Cli.Result shape = Cli.run("edit", "initializer", in.toString(), "-o", out().toString(), "--name", "w", "--from",
        one.toString());
    assertThat(type.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(type.err()).contains("initializer 'w' is FLOAT, the new data INT64");
    assertThat(shape.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(shape.err()).contains("--allow-shape-change");
    assertThat(out()).doesNotExist();

    Cli.Result allowed = Cli.run("edit", "initializer", in.toString(), "-o", out().toString(), "--name", "w",
        "--from", one.toString(), "--allow-shape-change");
    assertThat(allowed.exitCode()).as(allowed.err()).isEqualTo(ExitCodes.OK);
    assertThat(OnnxReader.read(out()).graph().value("w").shape()).contains(Shape.of(1));
  }

  @Test
  void editWithoutASubcommandIsAUsageError() {
    Cli.Result r = Cli.run("edit");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("missing edit (insert, remove, rename, output, initializer)");
  }
}
