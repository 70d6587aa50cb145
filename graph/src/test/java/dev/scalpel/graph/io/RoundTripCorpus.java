package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the model files that the round-trip suites run over. */
final class RoundTripCorpus {
  private RoundTripCorpus() {}

  /** Every {@code model.onnx} of ONNX's backend test data (Debian package libonnx-testdata). */
  static List<Path> conformanceModels() throws IOException {
    return list(Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")), "model.onnx");
  }

  /** Every {@code .onnx} file of the reference corpus (../shared/models). */
  static List<Path> corpusModels() throws IOException {
    return list(Path.of(System.getProperty("scalpel.corpus.dir", "../shared/models")), null);
  }

  private static List<Path> list(Path root, String exactName) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(root.toAbsolutePath() + " does not exist; "
          + "the conformance profile needs the Debian package libonnx-testdata and the corpus profile ../shared/models "
          + "(.ci/run installs and locates both)");
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> exactName == null ? p.toString().endsWith(".onnx") : p.getFileName().toString().equals(exactName))
          .sorted()
          .toList();
    }
  }
}
