package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scalpel inspect --show} and {@code --filter}. */
class InspectShowTest {
  @TempDir
  Path dir;

  /** {@link TestModels#weighted}: x -> MatMul(w) = h -> Add(b) = hb -> Relu = r1 -> Mul(s) = m -> Relu = r2 -> Custom = y. */
  private Path weighted() throws IOException {
    return TestModels.write(TestModels.weighted(), dir.resolve("weighted.onnx"));
  }

  @Test
  void nodesShowInferredTypesOfInputsAndOutputs() throws IOException {
    Cli.Result r = Cli.run("inspect", weighted().toString(), "--show", "nodes");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    // h is declared nowhere in the file: MatMul of [batch,4] and [4,1000] is [batch,1000]
    assertThat(r.out()).contains("Nodes (6):")
        .containsPattern("MatMul +x: float32\\[batch,4\\], w: float32\\[4,1000\\] -> h: float32\\[batch,1000\\]")
        .containsPattern("com\\.example\\.Custom +r2: float32\\[batch,1000\\] -> y: float32\\[batch,\\?\\]");
  }

  @Test
  void tensorsShowProducersAndConsumersAndAFilterByOpOrName() throws IOException {
    Path in = weighted();
    Cli.Result all = Cli.run("inspect", in.toString(), "--show", "tensors");
    assertThat(all.out()).contains("Tensors (10):")
        .containsPattern("hb +float32\\[batch,1000\\] +from Add producing 'hb'; read by Relu producing 'r1'")
        .containsPattern("w +float32\\[4,1000\\] +initializer; read by MatMul producing 'h'")
        .containsPattern("y +float32\\[batch,\\?\\] +from com.example.Custom|y +float32\\[batch,\\?\\] +from Custom");

    Cli.Result byOp = Cli.run("inspect", in.toString(), "--show", "tensors", "--filter", "Relu");
    assertThat(byOp.out()).contains("Tensors (2):").contains("r1 ").contains("r2 ").doesNotContain(" hb ");
    Cli.Result byName = Cli.run("inspect", in.toString(), "--show", "tensors", "--filter", "^h");
    assertThat(byName.out()).contains("Tensors (2):").contains("h ").contains("hb ");
  }

  @Test
  void weightStatisticsAreExactAndAFilterByOpSelectsWhatItReads() throws IOException {
    Cli.Result r = Cli.run("inspect", weighted().toString(), "--show", "weights", "--filter", "MatMul", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<Object> weights = JsonOutput.array(JsonOutput.object(JsonOutput.array(JsonOutput.parse(r.out())).get(0)).get("weights"));
    assertThat(weights).hasSize(1);
    Map<String, Object> w = JsonOutput.object(weights.get(0));
    // w holds 1.5 + i for i in 0..3999: min 1.5, max 4000.5, mean 1.5 + 1999.5, no zero
    assertThat(w).containsEntry("name", "w").containsEntry("elementType", "float32")
        .containsEntry("shape", List.of(4L, 1000L)).containsEntry("bytes", 16000L)
        .containsEntry("min", 1.5).containsEntry("max", 4000.5).containsEntry("mean", 2001.0)
        .containsEntry("zeros", 0L).containsEntry("sparsity", 0.0);

    // b holds -0.25 + i for i in 0..999: max 998.75, mean 499.25 (text shows three significant digits)
    Cli.Result text = Cli.run("inspect", weighted().toString(), "--show", "weights");
    assertThat(text.out()).contains("  s  float32[1]  4 B  min 2 max 2 mean 2 zeros 0.0%")
        .contains("  b  float32[1000]  3.9 KiB  min -0.25 max 999 mean 499 zeros 0.0%");
  }

  @Test
  void subgraphNodesAreIndentedUnderTheirOwnerAndAttributesSummarised() throws IOException {
    Path in = TestModels.write(TestModels.withSubgraphs(), dir.resolve("branchy.onnx"));
    Cli.Result r = Cli.run("inspect", in.toString(), "--show", "nodes,attrs");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<String> lines = r.out().lines().toList();
    int ifLine = indexOf(lines, " If ");
    assertThat(lines.get(ifLine + 1)).startsWith("    (unnamed)").contains("Relu").contains("-> t:");
    assertThat(lines.get(ifLine + 2)).startsWith("    (unnamed)").contains("Neg").contains("-> e:");
    assertThat(r.out()).contains("Attributes (1 nodes):")
        .contains("    then_branch = graph 'then_graph' (1 node)")
        .contains("    else_branch = graph 'else_graph' (1 node)");
  }

  @Test
  void ioListsTheSignatureAndJsonHasOneObjectPerModel() throws IOException {
    Path in = weighted();
    Cli.Result r = Cli.run("inspect", in.toString(), in.toString(), "--show", "io,nodes", "--json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<Object> models = JsonOutput.array(JsonOutput.parse(r.out()));
    assertThat(models).hasSize(2);
    Map<String, Object> first = JsonOutput.object(models.get(0));
    Map<String, Object> io = JsonOutput.object(first.get("io"));
    assertThat(JsonOutput.object(JsonOutput.array(io.get("inputs")).get(0))).containsEntry("name", "x")
        .containsEntry("type", "float32[batch,4]").containsEntry("shape", List.of("batch", 4L));
    Map<String, Object> matmul = JsonOutput.object(JsonOutput.array(first.get("nodes")).get(0));
    assertThat(matmul).containsEntry("op", "MatMul").containsEntry("domain", "");
    assertThat(JsonOutput.object(JsonOutput.array(matmul.get("outputs")).get(0))).containsEntry("type", "float32[batch,1000]");
  }

  @Test
  void badSectionsAndFiltersAreUsageErrors() throws IOException {
    Path in = weighted();
    assertThat(Cli.run("inspect", in.toString(), "--show", "edges").exitCode()).isEqualTo(ExitCodes.USAGE);
    Cli.Result regex = Cli.run("inspect", in.toString(), "--show", "nodes", "--filter", "(");
    assertThat(regex.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(regex.err()).contains("--filter (");
    assertThat(Cli.run("inspect", in.toString(), "--filter", "Relu").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private static int indexOf(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    throw new AssertionError("no line with " + part);
  }
}
