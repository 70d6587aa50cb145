package dev.scalpel.opset.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every model of the reference corpus lints without errors; warnings are printed. */
@Tag("corpus")
class LintCorpusTest {
  @Test
  void corpusModelsHaveNoErrors() throws IOException {
    Path dir = Path.of(System.getProperty("scalpel.corpus.dir", "../shared/models"));
    List<Path> models;
    try (Stream<Path> files = Files.list(dir)) {
      models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
    }
    assertThat(models).isNotEmpty();
    ModelLinter linter = ModelLinter.standard();
    for (Path model : models) {
      List<Finding> findings = linter.lint(OnnxReader.read(model));
      findings.forEach(f -> System.out.println(model.getFileName() + ": " + f));
      assertThat(findings).as(model.getFileName().toString()).noneMatch(Finding::isError);
    }
  }
}
