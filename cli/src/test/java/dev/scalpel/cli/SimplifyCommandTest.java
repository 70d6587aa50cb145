package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimplifyCommandTest {
  @TempDir
  Path dir;

  @Test
  void simplifiesChecksAndWrites() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("nodes", "BatchNormalization", "fuse-batchnorm-into-conv", "EQUIVALENT", "wrote " + out);
    assertThat(ops(OnnxReader.read(out))).doesNotContain("BatchNormalization", "Identity").contains("Conv", "Gemm");
  }

  @Test
  void simplifyingOverAnOutputWithExternalDataCommitsTheOtherDataNameAndLeavesNothingElse() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("w.onnx"));
    Path outDir = dir.resolve("out");
    Path out = outDir.resolve("w.onnx");

    Cli.Result first = Cli.run("simplify", in.toString(), "-o", out.toString(), "--external", "--size-threshold", "16", "--mkdirs");
    Cli.Result second = Cli.run("simplify", in.toString(), "-o", out.toString(), "--external", "--size-threshold", "16");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    // The first output's model read w.onnx.data, so the second committed its data as w.onnx.1.data
    // (staged and checked under that name), renamed the model last and then deleted w.onnx.data.
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(outDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("w.onnx", "w.onnx.1.data");
    }
    assertThat(dev.scalpel.graph.io.OnnxReader.read(out).graph().initializers())
        .anySatisfy(v -> assertThat(v.initializer().orElseThrow())
            .isInstanceOfSatisfying(dev.scalpel.graph.tensor.ExternalTensor.class,
                t -> assertThat(t.location()).isEqualTo("w.onnx.1.data")));
    assertThat(Cli.run("validate", in.toString(), out.toString()).exitCode()).isZero();
  }

  @Test
  void aResultOutsideTheToleranceIsNotWritten() throws IOException {
    // NOTE: folding BatchNormalization into the Conv weights rounds differently (errors ~1e-5 here),
    // so a zero tolerance must fail the check: the refusal path, with an honest difference.
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(), "--atol", "0", "--rtol", "0");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(r.out()).contains("validation FAILED", "DIFFERENT");
    assertThat(out).doesNotExist();
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("tiny.onnx");
  }

  @Test
  void jsonReportsBothSides() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(), "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<Object> models = JsonOutput.array(JsonOutput.parse(r.out()));
    assertThat(models).hasSize(1);
    Map<String, Object> m = JsonOutput.object(models.get(0));
    assertThat(m.get("written")).isEqualTo(true);
    Map<String, Object> before = JsonOutput.object(m.get("before"));
    Map<String, Object> after = JsonOutput.object(m.get("after"));
    // tiny_cnn: Conv, BatchNormalization, Relu, Identity, Shape, Gather, Unsqueeze, Concat, Reshape, Gemm.
    assertThat(((Number) before.get("nodes")).intValue()).isEqualTo(10);
    assertThat(((Number) after.get("nodes")).intValue()).isEqualTo(OnnxReader.read(out).graph().nodeCount());
    assertThat(JsonOutput.object(after.get("operators"))).doesNotContainKey("BatchNormalization");
    assertThat(JsonOutput.object(m.get("validation")).get("equivalent")).isEqualTo(true);
    assertThat(JsonOutput.array(m.get("passes"))).hasSize(dev.scalpel.passes.Pipelines.simplifyIds().size());
  }

  @Test
  void noValidateSaysSo() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", dir.resolve("o.onnx").toString(), "--no-validate");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("validation: off");
  }

  @Test
  void skipAndExplainARule() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(),
        "--skip", "fuse-batchnorm-into-conv", "--explain", "fuse-batchnorm-into-conv");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(ops(OnnxReader.read(out))).contains("BatchNormalization").doesNotContain("Identity");
    // The rule was skipped, so the explanation says so rather than what the rule would do.
    assertThat(r.out()).contains("--explain fuse-batchnorm-into-conv: skipped (--skip fuse-batchnorm-into-conv)")
        .doesNotContain("would fire");
  }

  @Test
  void explainWithoutSkipExplainsTheRule() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", dir.resolve("out.onnx").toString(),
        "--skip", "fold-constants", "--explain", "fuse-batchnorm-into-conv");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("--explain fuse-batchnorm-into-conv").doesNotContain("skipped");
  }

  @Test
  void explainOfARuleWhosePassIsSkippedSaysSoInJson() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", dir.resolve("out.onnx").toString(),
        "--skip", "rewrite", "--explain", "fuse-batchnorm-into-conv", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> m = JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0));
    Map<String, Object> e = JsonOutput.object(JsonOutput.array(m.get("explain")).get(0));
    assertThat(e).containsEntry("rule", "fuse-batchnorm-into-conv");
    assertThat((String) e.get("skipped")).contains("rewrite").contains("--skip rewrite");
  }

  @Test
  void inputShapeFixesTheBatchAndTheCheckRunsAtIt() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString(), "--input-shape", "x=4x3x8x8", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Model simplified = OnnxReader.read(out);
    assertThat(simplified.graph().inputs().get(0).shape().orElseThrow().toString()).contains("4").doesNotContain("batch");
    assertThat(simplified.graph().outputs().get(0).shape().orElseThrow().toString()).contains("4").doesNotContain("batch");
    Map<String, Object> m = JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0));
    Map<String, Object> validation = JsonOutput.object(m.get("validation"));
    assertThat(validation.get("equivalent")).isEqualTo(true);
    assertThat(JsonOutput.array(validation.get("runs"))).as("static shapes: one run").hasSize(1);

    assertUsage(Cli.run("simplify", in.toString(), "-o", out.toString(), "--input-shape", "nope=1x3x8x8"), "nope");
    assertUsage(Cli.run("simplify", in.toString(), "-o", out.toString(), "--input-shape", "x=1x3x8"), "x");
  }

  @Test
  void listPassesNeedsNoModel() {
    Cli.Result r = Cli.run("simplify", "--list-passes");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("infer-shapes", "fold-constants", "rewrite", "fuse-batchnorm-into-conv", "eliminate-identity");
  }

  @Test
  void usageMistakesWriteNothing() throws IOException {
    Path in = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    String out = dir.resolve("out.onnx").toString();

    assertUsage(Cli.run("simplify", in.toString(), "-o", out, "--skip", "fuse-everything"), "fuse-everything");
    assertUsage(Cli.run("simplify", in.toString(), "-o", out, "--passes", "infer-shapes,nope"), "nope");
    assertUsage(Cli.run("simplify", in.toString(), "-o", out, "--explain", "nope"), "nope");
    assertUsage(Cli.run("simplify", in.toString(), "-o", out, "--max-rounds", "0"), "--max-rounds");
    assertUsage(Cli.run("simplify", in.toString(), "-o", out, "--no-validate", "--atol", "1"), "--no-validate");
    assertUsage(Cli.run("simplify", "-o", out), "at least one model");
    assertUsage(Cli.run("simplify", in.toString()), "-o");
    assertUsage(Cli.run("simplify", in.toString(), "-o", in.toString()), "--force");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void aTruncatedModelIsAnInvalidModel() throws IOException {
    Path good = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    byte[] bytes = Files.readAllBytes(good);
    Path bad = Files.write(dir.resolve("bad.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("simplify", bad.toString(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).startsWith("error: ").doesNotContain("Exception", "\tat ");
    assertThat(out).doesNotExist();
  }

  private static void assertUsage(Cli.Result r, String mentions) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(mentions);
  }

  private static List<String> ops(Model model) {
    List<String> out = new ArrayList<>();
    for (Node n : model.graph()) {
      out.add(n.opType());
    }
    return out;
  }
}
