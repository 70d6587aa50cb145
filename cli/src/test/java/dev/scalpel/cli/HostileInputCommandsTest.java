package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, "Crashes and internal errors": the hostile models of {@link MalformedModels} through
 * every command that reads a model. Each is refused at load with exit 3 and one line naming the
 * rule, or (an unsorted graph, an If whose branches share names) handled as the valid model it is.
 */
class HostileInputCommandsTest {
  @TempDir
  Path dir;

  /** Every command that reads one model, with the arguments it needs besides the model. */
  private static final List<String> COMMANDS = List.of("inspect", "lint", "infer-shapes", "fold", "simplify",
      "convert", "trt", "audit-shapes", "check", "validate", "set-dims", "make-dynamic");

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("self_recursive", MalformedModels.selfRecursiveFunction(), "[recursive-function]",
            "function local.F calls itself"),
        Arguments.of("mutually_recursive", MalformedModels.mutuallyRecursiveFunctions(), "[recursive-function]",
            "functions local.F -> local.G -> local.F call each other"),
        Arguments.of("cyclic", MalformedModels.cyclic(), "has a cycle", "Add producing 'a'"),
        Arguments.of("undeclared_domain", MalformedModels.undeclaredDomain(), "[undeclared-domain]",
            "domain 'com.unknown' of Foo producing 'y'"),
        Arguments.of("axis_as_graph", MalformedModels.axisAsGraph(), "[attribute-type]",
            "Softmax producing 'y': attribute 'axis' is GRAPH"),
        Arguments.of("group_as_sparse_tensors", MalformedModels.groupAsSparseTensors(), "[attribute-type]",
            "Conv producing 'y': attribute 'group' is SPARSE_TENSORS"),
        Arguments.of("undefined_input", MalformedModels.undefinedInputType(), "[undefined-element-type]",
            "input 'x'"),
        Arguments.of("undefined_initializer", MalformedModels.undefinedInitializerType(), "[undefined-element-type]",
            "initializer 'k'"),
        Arguments.of("undefined_constant_value", MalformedModels.undefinedConstantAttribute("value"),
            "[undefined-element-type]", "Constant '/Constant': attribute 'value' holds a tensor of element type UNDEFINED"),
        Arguments.of("undefined_misspelt_attribute", MalformedModels.undefinedConstantAttribute("valu"),
            "[undefined-element-type]", "Constant '/Constant': attribute 'valu' holds a tensor of element type UNDEFINED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void everyCommandRefusesTheModelWithExit3AndOneLine(String name, ModelProto proto, String rule, String what)
      throws IOException {
    Path model = MalformedModels.write(dir, name, proto);
    for (String command : COMMANDS) {
      Cli.Result r = Cli.run(args(command, model).toArray(String[]::new));
      assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(ExitCodes.INVALID_MODEL);
      assertOneErrorLine(command, r);
      assertThat(r.err()).as(command).contains(rule).contains(what);
    }
  }

  @Test
  void recursiveFunctionsAreNeverHandedToOnnxRuntime() {
    // NOTE: without the guard this kills the JVM: ONNX Runtime overflows its native stack.
    Model model = OnnxReader.read(MalformedModels.mutuallyRecursiveFunctions().toByteArray());
    assertThatThrownBy(() -> OrtRunner.open(ModelSource.of(model), ModelRole.ORIGINAL))
        .isInstanceOf(ModelNotRunnableException.class)
        .hasMessageContaining("not handed to ONNX Runtime")
        .hasMessageContaining("local.F -> local.G -> local.F");
  }

  @Test
  void aMaxUnpoolBreakingTheSpecIsNeverHandedToOnnxRuntime() throws IOException {
    // NOTE: without the guard ONNX Runtime 1.26 kills the JVM creating the session (found by
    // FoldFuzzTest on the device machine; both crash inputs replay in the fuzz module).
    GraphBuilder noKernel = GraphBuilder.create(11);
    Value x = noKernel.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 2}, 1, 2));
    Value i = noKernel.initializer("i", DenseTensor.ofLongs("i", new long[] {3}, 0, 1, 2));
    noKernel.output(noKernel.op("MaxUnpool", List.of(x, i), Attribute.ofInts("kernel_shape")));
    GraphBuilder rank1Indices = GraphBuilder.create(11);
    Value x4 = rank1Indices.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 1, 3}, 1, 2, 3));
    Value i1 = rank1Indices.initializer("i", DenseTensor.ofLongs("i", new long[] {3}, 0, 1, 2));
    rank1Indices.output(rank1Indices.op("MaxUnpool", List.of(x4, i1), Attribute.ofInts("kernel_shape", 5, 5),
        Attribute.ofInts("pads", 2, 2, 0, 4)));
    for (Model m : List.of(noKernel.model(), rank1Indices.model())) {
      assertThatThrownBy(() -> OrtRunner.open(ModelSource.of(m), ModelRole.ORIGINAL))
          .isInstanceOf(ModelNotRunnableException.class)
          .hasMessageContaining("not handed to ONNX Runtime: MaxUnpool");
      Path file = dir.resolve("maxunpool.onnx");
      OnnxWriter.write(m, file);
      Cli.Result run = Cli.run("run", file.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
      assertThat(run.err()).contains("not handed to ONNX Runtime: MaxUnpool").doesNotContain("\tat ");
      // NOTE: folding leaves the MaxUnpool unfolded (ONNX Runtime refuses to be asked) and writes the rest.
      Cli.Result fold = Cli.run("fold", file.toString(), "-o", dir.resolve("maxunpool.folded.onnx").toString());
      assertThat(fold.exitCode()).as(fold.err()).isIn(0, 3);
      assertThat(fold.err()).doesNotContain("\tat ");
    }
    // A MaxUnpool the spec allows is still run.
    GraphBuilder fine = GraphBuilder.create(11);
    Value fx = fine.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 1, 2}, 5, 6));
    Value fi = fine.initializer("i", DenseTensor.ofLongs("i", new long[] {1, 1, 1, 2}, 1, 3));
    fine.output(fine.op("MaxUnpool", List.of(fx, fi), Attribute.ofInts("kernel_shape", 1, 2),
        Attribute.ofInts("strides", 1, 2)));
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(fine.model()), ModelRole.ORIGINAL)) {
      assertThat(runner).isNotNull();
    }
  }

  @Test
  void anUnsortedAcyclicGraphIsSortedAndEveryCommandWorks() throws IOException {
    Path model = MalformedModels.write(dir, "unsorted", MalformedModels.unsorted());
    for (String command : List.of("simplify", "infer-shapes", "fold", "convert")) {
      Path out = dir.resolve("unsorted." + command + ".onnx");
      Cli.Result r = Cli.run(command, model.toString(), "-o", out.toString());
      assertThat(r.exitCode()).as(command + ": " + r.err()).isZero();
      Model written = OnnxReader.read(out);
      assertThat(TopologicalOrder.isSorted(written.graph())).as(command).isTrue();
    }
    // The sort is stable and keeps both Relus: the one reading x comes first.
    Model converted = OnnxReader.read(dir.resolve("unsorted.convert.onnx"));
    assertThat(converted.graph().nodes()).extracting(n -> n.output(0).name()).containsExactly("t", "y");
    for (String command : List.of("inspect", "lint", "check", "trt")) {
      Cli.Result r = Cli.run(command, model.toString());
      assertThat(r.exitCode()).as(command + ": " + r.out() + r.err()).isZero();
    }
  }

  @Test
  void ifBranchesMayReuseEachOthersNames() throws IOException {
    Path model = MalformedModels.write(dir, "if_names", MalformedModels.ifBranchesShareNames());
    Path out = dir.resolve("if_names.simplified.onnx");
    Cli.Result r = Cli.run("simplify", model.toString(), "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Cli.Result check = Cli.run("check", model.toString());
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    List<String> branchOutputs = new ArrayList<>();
    for (Node n : OnnxReader.read(model).graph()) {
      n.subgraphs().forEach(g -> branchOutputs.add(g.outputs().get(0).name()));
    }
    assertThat(branchOutputs).containsExactly("t", "t");
  }

  @Test
  void shapesOf2To31ElementsOrMoreGiveANamedOneLineError() throws IOException {
    // Before: ArithmeticException (integer overflow, long overflow), exit 70.
    Path big = MalformedModels.write(dir, "big", MalformedModels.shapeOfInput(65536, 32768));
    Path huge = MalformedModels.write(dir, "huge", MalformedModels.shapeOfInput(1L << 40, 1L << 40));
    Cli.Result r = Cli.run("audit-shapes", big.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertOneErrorLine("audit-shapes", r);
    assertThat(r.err()).contains("input 'x'", "2147483648 elements");
    Cli.Result h = Cli.run("audit-shapes", huge.toString());
    assertThat(h.exitCode()).as(h.err()).isEqualTo(ExitCodes.USAGE);
    assertOneErrorLine("audit-shapes", h);
    assertThat(h.err()).contains("input 'x'", "more elements than 64 bits can count");
  }

  private List<String> args(String command, Path model) {
    Path out = dir.resolve(model.getFileName() + "." + command + ".onnx");
    return switch (command) {
      case "infer-shapes", "fold", "simplify", "convert" -> List.of(command, model.toString(), "-o", out.toString());
      case "validate" -> List.of(command, model.toString(), model.toString());
      case "set-dims" -> List.of(command, model.toString(), "-o", out.toString(), "--input-shape", "x=2x3");
      case "make-dynamic" -> List.of(command, model.toString(), "-o", out.toString(), "--input-dim", "x:0=batch");
      default -> List.of(command, model.toString());
    };
  }

  static void assertOneErrorLine(String command, Cli.Result r) {
    String err = r.err().strip();
    assertThat(err).as(command).startsWith("error: ").doesNotContain("\n").doesNotContain("\tat ")
        .doesNotContain("internal error");
  }
}
