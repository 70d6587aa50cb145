package dev.scalpel.cli;

import static dev.scalpel.cli.JsonOutput.array;
import static dev.scalpel.cli.JsonOutput.object;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir
  Path dir;

  @Test
  void printsHeaderSignatureAndOperators() throws IOException {
    Path file = TestModels.write(TestModels.weighted(), dir.resolve("weighted.onnx"));

    Cli.Result r = Cli.run("inspect", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains(file.toString())
        .containsPattern("IR version: +8")
        .containsPattern("Opsets: +ai.onnx 13, com.example 1")
        .containsPattern("Producer: +scalpel-tests 1.0")
        .containsPattern("Graph: +weighted")
        .containsPattern("x  float32\\[batch,4\\]")
        .containsPattern("y  float32\\[batch,\\?\\]")
        .containsPattern("Nodes: +6\n")
        .containsPattern("Initializers: +3\n")
        .containsPattern("Parameters: +5,001\n")
        .containsPattern("Weight bytes: +20,004 \\(19.5 KiB\\)")
        .containsPattern("External data: +none");
    // Relu (2) comes first; the custom op is named with its domain.
    assertThat(r.out()).containsPattern("Operators:\n  2  Relu\n");
    assertThat(r.out()).contains("1  com.example.Custom");
  }

  @Test
  void countsSubgraphs() throws IOException {
    Path file = TestModels.write(TestModels.withSubgraphs(), dir.resolve("if.onnx"));

    Cli.Result r = Cli.run("inspect", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .containsPattern("Nodes: +2 \\(4 including subgraphs\\)")
        .containsPattern("Subgraphs: +2")
        .containsPattern("c  bool\\[\\]")
        .containsPattern("x  float32\\[\\*\\]")
        .containsPattern("z  \\?");
  }

  @Test
  void jsonIsAnArrayWithOneObjectPerModel() throws IOException {
    Path a = TestModels.write(TestModels.weighted(), dir.resolve("a.onnx"));
    Path b = TestModels.write(TestModels.withSubgraphs(), dir.resolve("b.onnx"));

    Cli.Result r = Cli.run("inspect", "--json", a.toString(), b.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    List<Object> models = array(JsonOutput.parse(r.out()));
    assertThat(models).hasSize(2);
    Map<String, Object> first = object(models.get(0));
    assertThat(first)
        .containsEntry("model", a.toString())
        .containsEntry("irVersion", 8L)
        .containsEntry("producerName", "scalpel-tests")
        .containsEntry("graphName", "weighted")
        .containsEntry("nodeCount", 6L)
        .containsEntry("totalNodeCount", 6L)
        .containsEntry("initializerCount", 3L)
        .containsEntry("parameterCount", 5001L)
        .containsEntry("weightBytes", 20004L)
        .containsEntry("subgraphCount", 0L)
        .containsEntry("functionCount", 0L);
    Map<String, Object> input = object(array(first.get("inputs")).get(0));
    assertThat(input)
        .containsEntry("name", "x")
        .containsEntry("type", "float32[batch,4]")
        .containsEntry("elementType", "float32")
        .containsEntry("shape", List.of("batch", 4L));
    assertThat(object(array(first.get("outputs")).get(0))).containsEntry("shape", Arrays.asList("batch", null));
    assertThat(object(array(first.get("operators")).get(0)))
        .containsEntry("opType", "Relu").containsEntry("domain", "").containsEntry("count", 2L);
    assertThat(array(first.get("opsets"))).hasSize(2);

    Map<String, Object> second = object(models.get(1));
    assertThat(second).containsEntry("nodeCount", 2L).containsEntry("totalNodeCount", 4L)
        .containsEntry("subgraphCount", 2L);
    assertThat(object(array(second.get("inputs")).get(1))).containsEntry("shape", null);
  }

  @Test
  void jsonOfOneModelIsStillAnArray() throws IOException {
    Path a = TestModels.write(TestModels.relu(), dir.resolve("a.onnx"));

    Cli.Result r = Cli.run("inspect", a.toString(), "--json");

    assertThat(array(JsonOutput.parse(r.out()))).hasSize(1);
  }

  @Test
  void listsExternalDataFiles() throws IOException {
    Path file = dir.resolve("ext.onnx");
    OnnxWriter.write(TestModels.weighted(), file,
        WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL).withDataFileName("weights.bin"));

    Cli.Result r = Cli.run("inspect", "--json", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    List<Object> files = array(object(array(JsonOutput.parse(r.out())).get(0)).get("externalData"));
    assertThat(files).hasSize(1);
    assertThat(object(files.get(0)))
        .containsEntry("location", "weights.bin")
        .containsEntry("bytes", 20000L)
        .containsEntry("tensorCount", 2L);
    assertThat(Cli.run("inspect", file.toString()).out()).contains("weights.bin  20,000 (19.5 KiB), 2 tensors");
  }

  @Test
  void truncatedFileIsAnInvalidModel() throws IOException {
    Path good = TestModels.write(TestModels.weighted(), dir.resolve("good.onnx"));
    byte[] bytes = Files.readAllBytes(good);
    Path bad = Files.write(dir.resolve("bad.onnx"), Arrays.copyOf(bytes, bytes.length / 2));

    Cli.Result r = Cli.run("inspect", bad.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).startsWith("error: ").contains("bad.onnx").contains("truncated");
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void debugAddsTheStackTrace() throws IOException {
    Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {1, 2, 3});

    assertThat(Cli.run("inspect", "--debug", bad.toString()).err()).contains("\tat ");
    assertThat(Cli.run("--debug", "inspect", bad.toString()).err()).contains("\tat ");
  }

  @Test
  void missingFileIsAUsageError() {
    Cli.Result r = Cli.run("inspect", dir.resolve("nope.onnx").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("error: no such file: " + dir.resolve("nope.onnx") + System.lineSeparator());
  }

  @Test
  void oneBadModelDoesNotStopTheOthers() throws IOException {
    Path good = TestModels.write(TestModels.relu(), dir.resolve("good.onnx"));
    Path empty = Files.createFile(dir.resolve("empty.onnx"));

    Cli.Result r = Cli.run("inspect", "--json", empty.toString(), good.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    List<Object> models = array(JsonOutput.parse(r.out()));
    assertThat(object(models.get(0))).containsEntry("model", empty.toString()).containsEntry("exitCode", 3L)
        .containsKey("error");
    assertThat(object(models.get(1))).containsEntry("graphName", "relu_graph");
    assertThat(r.err()).contains("empty.onnx is empty");
  }

  @Test
  void folderIsRejected() {
    Cli.Result r = Cli.run("inspect", dir.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(r.err()).contains("is a folder");
  }

  @Test
  void noModelIsAUsageError() {
    Cli.Result r = Cli.run("inspect");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("MODEL").contains("scalpel inspect --help");
  }
}
