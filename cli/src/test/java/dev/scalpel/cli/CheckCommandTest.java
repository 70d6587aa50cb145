package dev.scalpel.cli;

import static dev.scalpel.cli.JsonOutput.array;
import static dev.scalpel.cli.JsonOutput.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CheckCommandTest {
  @TempDir
  Path dir;

  private String good() throws IOException {
    return TestModels.write(TestModels.tinyCnn(), dir.resolve("good.onnx")).toString();
  }

  /** tiny_cnn with its nodes in reverse order: the verifier's not-topological rule fails. */
  /**
   * A model two of whose nodes share a name: loads (neither the ONNX checker nor ONNX Runtime
   * refuses it) but breaks an IR rule the check reports. NOTE: an unsorted graph no longer serves:
   * every command sorts it on load (ModelAdmission).
   */
  private String duplicateNodeNames() throws IOException {
    Model model = TestModels.tinyCnn();
    TestModels.node(model, "relu").setName("identity");
    return TestModels.write(model, dir.resolve("dup_names.onnx")).toString();
  }

  /** A model with an operator ONNX Runtime does not know. */
  private String unknownOp() throws IOException {
    Model model = TestModels.tinyCnn();
    Node relu = TestModels.node(model, "relu");
    Node bogus = new Node("", "NoSuchOperator", List.of(relu.input(0)), List.of("bogus_out"), List.of());
    model.graph().insertAfter(relu, bogus);
    TestModels.node(model, "identity").replaceInput(0, bogus.output(0));
    model.graph().remove(relu);
    return TestModels.write(model, dir.resolve("bogus.onnx")).toString();
  }

  @Test
  void goodModelPassesAndSaysWhatWasNotChecked() throws IOException {
    String file = good();

    Cli.Result r = Cli.run("check", file);

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .containsPattern("load +ok +read and verified: 10 nodes")
        .containsPattern("run +ok +ONNX Runtime ran it 2 times \\(batch=2; batch=3\\)")
        .containsPattern("lint +ok +no findings against the operator schemas")
        .containsPattern("simplify +ok +simplified 10 nodes -> [0-9], outputs agree: EQUIVALENT over 2 runs \\(batch=2; batch=3\\)")
        .contains("PASSED: 1 of 1 model passed");
  }

  @Test
  void dimsChooseTheRunsAndAnUnknownSymbolIsAUsageError() throws IOException {
    String file = good();

    Cli.Result r = Cli.run("check", file, "--dims", "batch=1,7");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("(batch=1; batch=7)");

    Cli.Result bad = Cli.run("check", file, "--dims", "seq=3");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("'seq'");
  }

  @Test
  void lintErrorsFailTheCheckWithStatusOne() throws IOException {
    Model model = TestModels.tinyCnn();
    model.setIrVersion(5); // opset 13 needs IR 7
    String file = TestModels.write(model, dir.resolve("old_ir.onnx")).toString();

    Cli.Result r = Cli.run("check", file);

    assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).containsPattern("lint +FAIL +1 error against the operator schemas: .*ir-version-too-old")
        .containsPattern("run +ok");
  }

  @Test
  void verifierFindingsRefuseTheModelAtLoadWithStatusThree() throws IOException {
    // NOTE: every command admits models on load (ModelAdmission); ONNX Runtime refuses this one too.
    String file = duplicateNodeNames();
    Cli.Result r = Cli.run("check", file);

    assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCodes.INVALID_MODEL);
    // NOTE: one line, the path once ("error: F: F: invalid model" was the fault this pins).
    assertThat(r.err().lines().toList()).singleElement().asString()
        .matches("error: " + Pattern.quote(file) + ": invalid model: [^\n]*\\[unique-node-name\\][^\n]*");
    assertThat(r.out()).containsPattern("load +ERROR +.*\\[unique-node-name\\]")
        .contains("FAILED: 0 of 1 model passed");
  }

  @Test
  void modelOnnxRuntimeRefusesIsStatusThreeAndOthersStillRun() throws IOException {
    String bogusFile = unknownOp();
    Cli.Result r = Cli.run("check", "--json", bogusFile, good());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .matches("error: " + Pattern.quote(bogusFile) + ": ONNX Runtime cannot load the model: .*NoSuchOperator.*");
    Map<String, Object> report = object(JsonOutput.parse(r.out()));
    assertThat(report).containsEntry("passed", false).containsEntry("exitCode", 3L);
    List<Object> models = array(report.get("models"));
    Map<String, Object> bogus = object(models.get(0));
    assertThat(bogus).containsEntry("model", dir.resolve("bogus.onnx").toString())
        .containsEntry("passed", false).containsEntry("exitCode", 3L).containsEntry("runs", List.of());
    Map<String, Object> run = object(array(bogus.get("stages")).stream()
        .filter(st -> "run".equals(object(st).get("stage"))).findFirst().orElseThrow());
    assertThat(run).containsEntry("stage", "run").containsEntry("status", "error");
    assertThat((String) run.get("message")).contains("ONNX Runtime cannot load").contains("NoSuchOperator");
    Map<String, Object> good = object(models.get(1));
    assertThat(good).containsEntry("model", dir.resolve("good.onnx").toString())
        .containsEntry("passed", true).containsEntry("exitCode", 0L);
    assertThat(array(good.get("stages"))).extracting(s -> object(s).get("status"))
        .containsExactly("passed", "passed", "passed", "passed");
    assertThat(array(good.get("runs"))).hasSize(2);
  }

  @Test
  void unreadableModelIsStatusThreeWithTheRunSkipped() throws IOException {
    Path corrupt = java.nio.file.Files.write(dir.resolve("corrupt.onnx"), new byte[] {8, 7, 0x12, 0x7f, 1});

    Cli.Result r = Cli.run("check", corrupt.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.out()).containsPattern("load +ERROR +.*corrupt.onnx").containsPattern("run +skipped");
    assertThat(r.err().lines().toList()).singleElement().asString()
        .matches("error: " + Pattern.quote(corrupt.toString()) + " is not a valid ONNX model: .*");
  }

  @Test
  void missingModelIsNamedOnceOnTheErrorLine() {
    String missing = dir.resolve("absent.onnx").toString();

    Cli.Result r = Cli.run("check", missing);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().toList()).containsExactly("error: no such file: " + missing);
  }

  @Test
  void junitHasOneTestCasePerModelAndStage() throws Exception {
    Path junit = dir.resolve("check.xml");

    Model oldIr = TestModels.tinyCnn();
    oldIr.setIrVersion(5); // opset 13 needs IR 7: the lint stage fails
    String failing = TestModels.write(oldIr, dir.resolve("old_ir.onnx")).toString();

    Cli.Result r = Cli.run("check", good(), failing, "--junit", junit.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    Element suite = doc.getDocumentElement();
    assertThat(suite.getAttribute("name")).isEqualTo("scalpel.check");
    assertThat(suite.getAttribute("tests")).isEqualTo("8");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).as("simplify of the model that failed lint").isEqualTo("1");
    NodeList cases = doc.getElementsByTagName("testcase");
    Element failedLint = (Element) cases.item(5);
    assertThat(failedLint.getAttribute("classname")).endsWith("old_ir.onnx");
    assertThat(failedLint.getAttribute("name")).isEqualTo("lint");
    Element failure = (Element) failedLint.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).contains("ir-version-too-old");
    assertThat(failure.getTextContent()).contains("ir-version-too-old");
    assertThat(((Element) cases.item(3)).getAttribute("name")).isEqualTo("simplify");
    assertThat(((Element) cases.item(3)).getElementsByTagName("skipped").item(0)).isNull();
    assertThat(((Element) cases.item(7)).getAttribute("name")).isEqualTo("simplify");
    assertThat(((Element) cases.item(7)).getElementsByTagName("skipped").item(0)).isNotNull();
  }
}
