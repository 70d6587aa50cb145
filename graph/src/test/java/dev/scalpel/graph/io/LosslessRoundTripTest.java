package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read → write → read over real models: the written proto must equal the original field by field
 * (protobuf message equality, unknown fields included). Byte-identical outputs are counted and
 * reported, since that is stronger than the requirement.
 */
class LosslessRoundTripTest {

  @Test
  @Tag("conformance")
  void everyOnnxBackendTestModelRoundTripsFieldByField(@TempDir Path dir) throws IOException {
    List<Path> models = RoundTripCorpus.conformanceModels();
    assertThat(models).hasSizeGreaterThanOrEqualTo(1000);
    assertAllRoundTrip("ONNX backend test data", models, dir);
  }

  @Test
  @Tag("corpus")
  void everyCorpusModelRoundTripsFieldByField(@TempDir Path dir) throws IOException {
    List<Path> models = RoundTripCorpus.corpusModels();
    assertThat(models).isNotEmpty();
    assertAllRoundTrip("reference corpus", models, dir);
  }

  private static void assertAllRoundTrip(String label, List<Path> models, Path dir) throws IOException {
    List<String> failures = new ArrayList<>();
    int identical = 0;
    for (Path file : models) {
      byte[] original = Files.readAllBytes(file);
      Model model = OnnxReader.read(file);
      // Through the file writer, as users save models; the stream/bytes path shares the exporter.
      Path out = dir.resolve("out.onnx");
      OnnxWriter.write(model, out);
      byte[] written = Files.readAllBytes(out);
      ModelProto before = ModelProto.parseFrom(original);
      ModelProto after = ModelProto.parseFrom(written);
      if (!before.equals(after)) {
        failures.add(file.toString());
      } else if (Arrays.equals(original, written)) {
        identical++;
      }
      // And the written file reads back into the IR.
      OnnxReader.read(out);
    }
    System.out.printf("%s: %d models, %d equal field by field, %d byte-identical%n",
        label, models.size(), models.size() - failures.size(), identical);
    assertThat(failures).as("models that did not round-trip losslessly").isEmpty();
  }
}
