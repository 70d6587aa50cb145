package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The reference corpus the {@code corpus} tests run over: the folder named by the system property
 * {@code scalpel.corpus.dir} (the Maven profile sets it), by default {@code ../shared/models}.
 */
public final class CorpusModels {
  private CorpusModels() {}

  public static Path dir() {
    return Path.of(System.getProperty("scalpel.corpus.dir", "../shared/models"));
  }

  /** One model of the corpus by file name. */
  public static Path model(String fileName) {
    return dir().resolve(fileName);
  }

  /** Every {@code .onnx} file of the corpus, sorted by name; fails the test when there is none. */
  public static List<Path> all() {
    Path dir = dir();
    List<Path> models;
    try (Stream<Path> files = Files.list(dir)) {
      models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the corpus in " + dir, e);
    }
    assertThat(models).as("models in " + dir).isNotEmpty();
    return models;
  }
}
