package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scalpel edit} on every reference model ({@code mvn verify -Pcorpus}): renames (of an
 * inner tensor and node, and of the first graph input) validate as equal; an Identity inserted
 * after an inner tensor, and that Identity then removed, each give a model that {@code scalpel
 * validate} finds equal to the original (so a wrong rewiring fails here); an inner tensor made a
 * graph output keeps the other outputs. Prints one line per model.
 */
@Tag("corpus")
class CorpusEditTest {
  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyCorpusModel() throws IOException {
    Path corpus = Path.of(System.getProperty("scalpel.corpus.dir", "../shared/models"));
    List<Path> models;
    try (Stream<Path> files = Files.list(corpus)) {
      models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
    }
    assertThat(models).as("models in " + corpus).isNotEmpty();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private void check(Path file) throws IOException {
    Model model = OnnxReader.read(file);
    // NOTE: an inner tensor when there is one; a one-node model's output otherwise (it keeps its name).
    Node first = model.graph().nodes().stream()
        .filter(n -> !n.opType().equals("Constant") && !n.outputs().isEmpty() && n.output(0).isUsed())
        .min(java.util.Comparator.comparing((Node n) -> n.output(0).isGraphOutput())).orElseThrow();
    String t = first.output(0).name();
    String input = model.graph().inputs().stream().filter(v -> !v.isInitializer()).findFirst().orElseThrow().name();
    String stem = file.getFileName().toString().replace(".onnx", "");

    Path renamed = dir.resolve(stem + ".renamed.onnx");
    Cli.Result rename = first.hasName() && !first.name().isEmpty()
        ? Cli.run("edit", "rename", file.toString(), "-o", renamed.toString(), "--tensor", t + "=renamed_tensor",
            "--node", first.name() + "=renamed_node", "--tensor", input + "=renamed_input")
        : Cli.run("edit", "rename", file.toString(), "-o", renamed.toString(), "--tensor", t + "=renamed_tensor",
            "--tensor", input + "=renamed_input");
    assertThat(rename.exitCode()).as(rename.out() + rename.err()).isEqualTo(ExitCodes.OK);
    assertThat(rename.out()).contains("EQUIVALENT");

    Path inserted = dir.resolve(stem + ".inserted.onnx");
    Cli.Result insert = Cli.run("edit", "insert", file.toString(), "-o", inserted.toString(), "--after", t,
        "--op", "Identity");
    assertThat(insert.exitCode()).as(insert.out() + insert.err()).isEqualTo(ExitCodes.OK);
    assertEqual(file, inserted);
    Node identity = OnnxReader.read(inserted).graph().nodes("Identity").stream()
        .filter(n -> n.input(0).name().equals(t) || n.output(0).name().equals(t)).findFirst().orElseThrow();
    assertThat(identity.output(0).isUsed()).isTrue();

    Path removed = dir.resolve(stem + ".removed.onnx");
    Cli.Result remove = Cli.run("edit", "remove", inserted.toString(), "-o", removed.toString(), "--node",
        identity.name());
    assertThat(remove.exitCode()).as(remove.out() + remove.err()).isEqualTo(ExitCodes.OK);
    assertEqual(file, removed);
    assertThat(OnnxReader.read(removed).graph().nodeCount()).isEqualTo(model.graph().nodeCount());

    if (first.output(0).isGraphOutput()) {
      System.out.printf("edit %-40s rename, insert+validate, remove+validate: ok (output '%s')%n", file.getFileName(), t);
      return;
    }
    Path output = dir.resolve(stem + ".output.onnx");
    Cli.Result add = Cli.run("edit", "output", file.toString(), "-o", output.toString(), "--add", t);
    assertThat(add.exitCode()).as(add.out() + add.err()).isEqualTo(ExitCodes.OK);
    assertThat(OnnxReader.read(output).graph().outputs()).extracting(Value::name).contains(t);

    System.out.printf("edit %-40s rename, insert+validate, remove+validate, output --add: ok (tensor '%s')%n",
        file.getFileName(), t);
  }

  private static void assertEqual(Path original, Path edited) {
    Cli.Result same = Cli.run("validate", original.toString(), edited.toString());
    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
  }
}
