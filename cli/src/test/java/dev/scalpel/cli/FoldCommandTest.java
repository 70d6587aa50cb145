package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldCommandTest {
  @TempDir
  Path dir;

  /**
   * x float[n,3,4]: y = Reshape(x, Concat([-1], ReduceProd(Gather(Shape(x), [1,2])))), whose target folds to
   * [-1, 12] although n is symbolic; z = x + Acos([0.5]) (Acos has no Java kernel); w = zeros +
   * zeros with zeros = ConstantOfShape([64, 64]) (16 KiB from 16 bytes of input).
   */
  private static Model model() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(3), Dim.of(4)));
    Value dims = b.op("Gather", b.op("Shape", x), b.constant(DenseTensor.vector("idx", 1, 2)));
    Value prod = b.op("ReduceProd", List.of(dims), Attribute.of("keepdims", 1L));
    Value target = b.op("Concat", List.of(b.constant(DenseTensor.vector("minus_one", -1)), prod), Attribute.of("axis", 0L));
    Value y = b.op("Reshape", x, target);
    y.setName("y");
    Value angle = b.op("Acos", b.constant(DenseTensor.ofFloats("half", new long[] {1}, 0.5f)));
    Value z = b.op("Add", x, angle);
    z.setName("z");
    Value zeros = b.op("ConstantOfShape", b.constant(DenseTensor.vector("square", 64, 64)));
    Value w = b.op("Add", zeros, zeros);
    w.setName("w");
    b.output(y, z, w);
    return b.model();
  }

  private static List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  private Path input() throws IOException {
    return TestModels.write(model(), dir.resolve("in.onnx"));
  }

  @Test
  void foldsShapeArithmeticAndOpsWithoutKernelsAndKeepsTheSignature() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("fold", input().toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("nodes 9 -> 2").contains("wrote " + out);
    Model m = OnnxReader.read(out);
    assertThat(ops(m)).containsExactly("Reshape", "Add");
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("y", "z", "w");
    assertThat(m.graph().nodes().get(0).input(1).constantValue().orElseThrow().toLongArray()).containsExactly(-1, 12);
    float acos = m.graph().nodes().get(1).input(1).constantValue().orElseThrow().toFloatArray()[0];
    assertThat((double) acos).isCloseTo(Math.acos(0.5), org.assertj.core.data.Offset.offset(1e-6));
    float[] w = m.graph().outputs().get(2).constantValue().orElseThrow().toFloatArray();
    assertThat(w).hasSize(64 * 64).containsOnly(0f);
  }

  @Test
  void noOrtFoldingLeavesOpsWithoutAJavaKernel() throws IOException {
    for (String flag : List.of("--no-ort-folding", "--no-ort")) { // --no-ort: the former name, kept as a hidden alias
      Path out = dir.resolve("out" + flag + ".onnx");

      Cli.Result r = Cli.run("fold", input().toString(), "-o", out.toString(), flag);

      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
      assertThat(ops(OnnxReader.read(out))).as(flag).containsExactly("Reshape", "Acos", "Add");
      assertThat(r.err().contains("deprecated; use --no-ort-folding")).as(flag + ": " + r.err()).isEqualTo(flag.equals("--no-ort"));
    }
  }

  @Test
  void checkSimplifiesWithTheSameFoldingOptionsAndTolerances() throws IOException {
    String in = input().toString();

    Cli.Result withOrt = Cli.run("check", in);
    Cli.Result javaOnly = Cli.run("check", in, "--no-ort-folding");
    Cli.Result badTolerance = Cli.run("check", in, "--atol", "-1");

    assertThat(withOrt.exitCode()).as(withOrt.out() + withOrt.err()).isEqualTo(ExitCodes.OK);
    assertThat(javaOnly.exitCode()).as(javaOnly.out() + javaOnly.err()).isEqualTo(ExitCodes.OK);
    // Acos has no Java kernel: without ONNX Runtime's folding it stays in the simplified model.
    assertThat(simplifiedNodes(javaOnly.out())).isGreaterThan(simplifiedNodes(withOrt.out()));
    assertThat(badTolerance.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTolerance.err()).contains("--atol");
  }

  private static int simplifiedNodes(String checkOutput) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("simplified 9 nodes -> (\\d+)").matcher(checkOutput);
    assertThat(m.find()).as(checkOutput).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void formerOptionNamesAreHiddenAliases() {
    String help = Cli.run("fold", "--help").out();
    assertThat(help).contains("--fold-budget").contains("--no-ort-folding")
        .doesNotContain("--max-output-bytes").doesNotContain("--no-ort ").doesNotContain("--no-ort\n");
    assertThat(Cli.run("simplify", "--help").out()).contains("--fold-budget").contains("--no-ort-folding");
    // The help's "default: 1M" is the one default, FoldConstants.Options.DEFAULT_FOLD_BUDGET.
    assertThat(help).contains("default: 1M");
    assertThat(ByteCount.parse("1M")).isEqualTo(dev.scalpel.passes.fold.FoldConstants.Options.DEFAULT_FOLD_BUDGET);
  }

  @Test
  void theFormerBudgetNameStillSetsTheBudget() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("fold", input().toString(), "-o", out.toString(), "--max-output-bytes", "1k", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).contains("note: scalpel fold --max-output-bytes is deprecated; use --fold-budget");
    assertThat(r.err()).contains("note: scalpel fold --max-output-bytes is deprecated; use --fold-budget");
    Map<String, Object> entry = JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0));
    assertThat(JsonOutput.array(entry.get("skipped"))).anySatisfy(s ->
        assertThat((String) s).contains("ConstantOfShape").contains("limit of 1024 bytes"));
  }

  @Test
  void theOutputBudgetIsAnOptionAndSkipsAreReportedInJson() throws IOException {
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("fold", input().toString(), "-o", out.toString(), "--fold-budget", "1k", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> entry = JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0));
    assertThat(JsonOutput.object(entry.get("nodes"))).containsEntry("before", 9L);
    assertThat(JsonOutput.array(entry.get("skipped"))).anySatisfy(s ->
        assertThat((String) s).contains("ConstantOfShape").contains("limit of 1024 bytes"));
    assertThat(ops(OnnxReader.read(out))).containsExactly("Reshape", "Add", "ConstantOfShape", "Add");
  }

  @Test
  void aCorruptModelIsAnInvalidModelAndWritesNothing() throws IOException {
    Path in = dir.resolve("bad.onnx");
    Files.write(in, new byte[] {0x0a, 0x7f, 0x01});
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("fold", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
    assertThat(dir.toFile().list()).containsExactly("bad.onnx");
  }

  @Test
  void usageMistakesAreUsageErrors() throws IOException {
    Path in = input();
    assertThat(Cli.run("fold", in.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    Cli.Result badBytes = Cli.run("fold", in.toString(), "-o", dir.resolve("o.onnx").toString(),
        "--fold-budget", "lots");
    assertThat(badBytes.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badBytes.err()).contains("lots");
    byte[] before = Files.readAllBytes(in);
    assertThat(Cli.run("fold", in.toString(), "-o", in.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readAllBytes(in)).isEqualTo(before);
    assertThat(Cli.run("fold", dir.resolve("missing.onnx").toString(), "-o", "x.onnx").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void manyModelsGoToAFolderAndAFailureIsAJsonEntryAndTheFirstFailingStatus() throws IOException {
    Path good = input();
    Path bad = dir.resolve("bad.onnx");
    Files.write(bad, new byte[] {0x0a, 0x7f, 0x01});
    Path outDir = dir.resolve("folded");

    Cli.Result r = Cli.run("fold", bad.toString(), good.toString(), "-O", outDir.toString(), "--json", "--no-ort-folding", "--mkdirs");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    List<Object> entries = JsonOutput.array(JsonOutput.parse(r.out()));
    assertThat(entries).hasSize(2);
    assertThat(JsonOutput.object(entries.get(0))).containsEntry("model", bad.toString())
        .containsKey("error").containsEntry("exitCode", 3L);
    assertThat(JsonOutput.object(entries.get(1))).containsEntry("model", good.toString())
        .containsEntry("output", outDir.resolve("in.onnx").toString());
    assertThat(outDir.resolve("in.onnx")).isRegularFile();
    assertThat(outDir.resolve("bad.onnx")).doesNotExist();
  }
}
