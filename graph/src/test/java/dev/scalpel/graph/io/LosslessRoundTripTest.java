package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read → write → read over real models, one test per model: the written proto must equal the
 * original field by field (protobuf message equality, unknown fields included), and so must a
 * write of the model's deep copy. Byte-identical outputs are counted and reported, since that is
 * stronger than the requirement.
 */
class LosslessRoundTripTest {
  private static final AtomicInteger checked = new AtomicInteger();
  private static final AtomicInteger identical = new AtomicInteger();

  @TempDir static Path dir;

  @TestFactory
  @Tag("conformance")
  Stream<DynamicTest> everyOnnxBackendTestModelRoundTripsFieldByField() throws IOException {
    List<Path> models = RoundTripCorpus.conformanceModels();
    assertThat(models).hasSizeGreaterThanOrEqualTo(1000);
    return roundTrips(models);
  }

  @TestFactory
  @Tag("corpus")
  Stream<DynamicTest> everyCorpusModelRoundTripsFieldByField() throws IOException {
    List<Path> models = RoundTripCorpus.corpusModels();
    assertThat(models).isNotEmpty();
    return roundTrips(models);
  }

  @AfterAll
  static void report() {
    if (checked.get() > 0) {
      System.out.printf("round trip: %d models equal field by field, %d of them byte-identical%n",
          checked.get(), identical.get());
    }
  }

  private static Stream<DynamicTest> roundTrips(List<Path> models) {
    return models.stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> assertRoundTrips(file)));
  }

  private static void assertRoundTrips(Path file) throws IOException {
    byte[] original = Files.readAllBytes(file);
    ModelProto before = ModelProto.parseFrom(original);
    Model model = OnnxReader.read(file);

    // Through the file writer, as users save models; the stream/bytes path shares the exporter.
    Path out = dir.resolve("out.onnx");
    OnnxWriter.write(model, out);
    byte[] written = Files.readAllBytes(out);
    assertThat(ModelProto.parseFrom(written)).as("written model").isEqualTo(before);
    assertThat(ModelProto.parseFrom(OnnxWriter.toBytes(model.deepCopy()))).as("deep copy").isEqualTo(before);
    OnnxReader.read(out);

    checked.incrementAndGet();
    if (Arrays.equals(original, written)) {
      identical.incrementAndGet();
    }
  }
}
