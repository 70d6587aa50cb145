package dev.scalpel.cli;

import static dev.scalpel.cli.JsonOutput.array;
import static dev.scalpel.cli.JsonOutput.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.inputs.NpyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ValidateCommandTest {
  @TempDir
  Path dir;

  private String original;

  @BeforeEach
  void writeOriginal() throws IOException {
    original = TestModels.write(TestModels.tinyCnn(), dir.resolve("original.onnx")).toString();
  }

  private String write(Model model, String name) throws IOException {
    return TestModels.write(model, dir.resolve(name)).toString();
  }

  private String perturbed(String weight, float delta) throws IOException {
    return write(TestModels.perturb(TestModels.tinyCnn(), weight, delta), "perturbed.onnx");
  }

  @Test
  void identicalModelsAreEquivalent() throws IOException {
    String copy = write(TestModels.tinyCnn(), "copy.onnx");

    Cli.Result r = Cli.run("validate", original, copy);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .containsPattern("Runs: +2 \\(0: batch=2; 1: batch=3\\)")
        .containsPattern("logits +ok +0 +0 +0/20")
        .contains("Signature:   same inputs and outputs")
        .contains("EQUIVALENT: 1 of 1 outputs agree")
        .contains("Time:");
  }

  @Test
  void perturbedWeightDiffersAndNamesTheOutput() throws IOException {
    Cli.Result r = Cli.run("validate", original, perturbed("fc.weight", 0.05f));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(r.out()).containsPattern("logits +FAIL +[0-9.e-]+ +[0-9.e-]+ +[1-9][0-9]*/[0-9]+")
        .contains("DIFFERENT: 1 of 1 outputs differ")
        .doesNotContain("Divergence:");
  }

  @Test
  void looseToleranceForTheOutputPasses() throws IOException {
    Cli.Result r = Cli.run("validate", original, perturbed("fc.weight", 0.05f), "--tolerance", "logits=10:0");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("logits atol 10, rtol 0");
  }

  @Test
  void jsonReportHasTheDocumentedFields() throws IOException {
    Cli.Result r = Cli.run("validate", "--json", original, perturbed("fc.weight", 0.05f), "--atol", "1e-4");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    Map<String, Object> report = object(JsonOutput.parse(r.out()));
    assertThat(report)
        .containsEntry("original", original)
        .containsEntry("equivalent", false)
        .containsEntry("exitCode", 4L)
        .containsEntry("seed", 0L)
        .containsEntry("signature", List.of())
        .containsEntry("localization", null)
        .containsKeys("rewritten", "timings");
    assertThat(object(report.get("tolerance"))).containsEntry("atol", 1e-4).containsEntry("rtol", 1e-4);
    List<Object> runs = array(report.get("runs"));
    assertThat(runs).hasSize(2);
    assertThat(object(object(runs.get(1)).get("dims"))).containsEntry("batch", 3L);
    Map<String, Object> logits = object(array(report.get("outputs")).get(0));
    assertThat(logits).containsEntry("name", "logits").containsEntry("passed", false).containsKey("worstRun");
    Map<String, Object> worst = object(logits.get("worst"));
    assertThat(worst).containsEntry("error", null).containsEntry("expectedType", "float32")
        .containsEntry("typesMatch", true).containsEntry("shapesMatch", true)
        .containsKeys("elements", "mismatches", "nanInfMismatches", "maxRelError", "expectedShape", "actualShape");
    assertThat((Double) worst.get("maxAbsError")).isGreaterThan(1e-3);
    assertThat((Long) worst.get("mismatches")).isPositive();
    assertThat(array(logits.get("runs"))).hasSize(2);
    Map<String, Object> timings = object(report.get("timings"));
    assertThat(timings).containsKeys("originalLoadMs", "rewrittenLoadMs", "totalMs");
    assertThat(array(timings.get("originalRunMs"))).hasSize(2);
  }

  @Test
  void junitReportIsWellFormedWithOneFailure() throws Exception {
    Model twoHeads = withNegHead(TestModels.tinyCnn());
    String orig = write(twoHeads, "two.onnx");
    String rewritten = write(TestModels.perturb(withNegHead(TestModels.tinyCnn()), "fc.weight", 0.05f), "two-bad.onnx");
    Path junit = dir.resolve("reports/validate.xml");
    Files.createDirectories(junit.getParent());
    Files.writeString(junit, "stale");

    Cli.Result r = Cli.run("validate", orig, rewritten, "--junit", junit.toString(), "--tolerance", "neg=1000:0");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("scalpel.validate");
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("time")).matches("[0-9]+\\.[0-9]{3}");
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(2);
    Element logits = (Element) cases.item(0);
    assertThat(logits.getAttribute("name")).isEqualTo("logits");
    assertThat(logits.hasAttribute("time")).isTrue();
    Element failure = (Element) logits.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).contains("logits").contains("max abs");
    assertThat(failure.getTextContent()).contains("run 0 (batch=2)").contains("run 1 (batch=3)");
    assertThat(((Element) cases.item(1)).getElementsByTagName("failure").getLength()).isZero();
    try (var files = Files.list(junit.getParent())) {
      assertThat(files).containsExactly(junit);
    }
  }

  @Test
  void dimsOverrideDrivesTheRuns() throws IOException {
    Cli.Result r = Cli.run("validate", "--json", original, original, "--dims", "batch=1,4,5");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<Object> runs = array(object(JsonOutput.parse(r.out())).get("runs"));
    assertThat(runs).extracting(run -> object(object(run).get("dims")).get("batch")).containsExactly(1L, 4L, 5L);
  }

  @Test
  void inputsFromAnNpyFileAreUsed() throws IOException {
    Path npy = dir.resolve("data.npy");
    float[] values = new float[3 * 3 * 8 * 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 13) / 13f;
    }
    NpyFormat.write(DenseTensor.ofFloats("x", new long[] {3, 3, 8, 8}, values), npy);

    Cli.Result r = Cli.run("validate", original, original, "--load-inputs", "x=" + npy);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).containsPattern("Runs: +1 \\(0: batch=3\\)");
  }

  @Test
  void badInputFileIsAUsageErrorNamingTheFile() throws IOException {
    Path bad = Files.writeString(dir.resolve("x.npy"), "not numpy");

    Cli.Result r = Cli.run("validate", original, original, "--load-inputs", bad.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: ").contains("x.npy");
  }

  @Test
  void badOptionSyntaxIsAUsageError() {
    for (String[] args : List.of(
        new String[] {"--dims", "batch"},
        new String[] {"--dims", "batch=0"},
        new String[] {"--dims", "batch=a,b"},
        new String[] {"--tolerance", "logits=1e-3"},
        new String[] {"--tolerance", "logits=-1:0"},
        new String[] {"--float-range", "2:1"},
        new String[] {"--int-range", "x:1"},
        new String[] {"--input-range", "0:1"},
        new String[] {"--seed", "many"},
        new String[] {"--atol", "-1"})) {
      String[] full = new String[args.length + 3];
      full[0] = "validate";
      full[1] = original;
      full[2] = original;
      System.arraycopy(args, 0, full, 3, args.length);

      Cli.Result r = Cli.run(full);

      assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void unknownDimSymbolOrOutputIsAUsageError() {
    Cli.Result dims = Cli.run("validate", original, original, "--dims", "seq=4");
    assertThat(dims.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dims.err()).contains("'seq'").contains("batch");

    Cli.Result tolerance = Cli.run("validate", original, original, "--tolerance", "probs=1:1");
    assertThat(tolerance.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(tolerance.err()).contains("'probs'");
  }

  @Test
  void unknownOperatorInTheRewrittenModelIsExitThreeNamingIt() throws IOException {
    Model rewritten = TestModels.tinyCnn();
    Node relu = TestModels.node(rewritten, "relu");
    Node bogus = new Node("", "NoSuchOperator", List.of(relu.input(0)), List.of("bogus_out"), List.of());
    rewritten.graph().insertAfter(relu, bogus);
    TestModels.node(rewritten, "identity").replaceInput(0, bogus.output(0));
    rewritten.graph().remove(relu);
    Path junit = dir.resolve("refused.xml");

    Cli.Result r = Cli.run("validate", original, write(rewritten, "bogus.onnx"), "--junit", junit.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).startsWith("error: ").contains("rewritten").contains("NoSuchOperator").doesNotContain("\tat ");
    assertThat(Files.readString(junit)).contains("<error message=").contains("NoSuchOperator");
  }

  @Test
  void corruptOriginalIsExitThreeNamingIt() throws IOException {
    Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {8, 7, 0x12, 0x7f, 1});

    Cli.Result r = Cli.run("validate", "--json", corrupt.toString(), original);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).startsWith("error: original model");
    assertThat(object(JsonOutput.parse(r.out()))).containsEntry("exitCode", 3L).containsKey("error");
  }

  @Test
  void localizeNamesTheFirstDivergingNode() throws IOException {
    Cli.Result r = Cli.run("validate", original, perturbed("conv.weight", 0.5f), "--localize");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(r.out()).contains("Divergence:  first at Conv node 'conv', tensor 'conv_out': max abs");

    Cli.Result json = Cli.run("validate", original, perturbed("conv.weight", 0.5f), "--localize", "--json");
    Map<String, Object> where = object(object(JsonOutput.parse(json.out())).get("localization"));
    assertThat(where).containsEntry("found", true).containsEntry("node", "conv")
        .containsEntry("opType", "Conv").containsEntry("tensor", "conv_out").containsEntry("failure", null);
    assertThat((Double) object(where.get("diff")).get("maxAbsError")).isPositive();
  }

  /** tiny_cnn with a second output {@code neg = -logits}. */
  private static Model withNegHead(Model model) {
    Node fc = TestModels.node(model, "fc");
    Node neg = new Node("", "Neg", List.of(fc.output(0)), List.of("neg"), List.of());
    model.graph().append(neg);
    model.graph().addOutput(neg.output(0));
    return model;
  }
}
