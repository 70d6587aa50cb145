package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every {@code input_N.pb} of ONNX's node tests parses, and its element type and rank agree with
 * the model input it feeds (up to seven inputs of ONNX's bfloat16 cast tests, stored by ONNX
 * under another type).
 */
class TensorReaderConformanceTest {

  @Test
  @Tag("conformance")
  void everyNodeTestInputParsesAndMatchesItsModelInput() throws IOException {
    Path root = Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
    List<Path> tests;
    try (Stream<Path> s = Files.list(root)) {
      tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
    assertThat(tests).hasSizeGreaterThan(500);
    int checked = 0;
    List<String> mismatches = new java.util.ArrayList<>();
    for (Path test : tests) {
      Path set = test.resolve("test_data_set_0");
      if (!Files.isDirectory(set)) {
        continue;
      }
      Model model = OnnxReader.read(test.resolve("model.onnx"));
      List<Value> inputs = model.graph().inputs().stream()
          .filter(v -> v.initializer().isEmpty()).toList();
      for (int i = 0; i < inputs.size(); i++) {
        Path pb = set.resolve("input_" + i + ".pb");
        if (!Files.exists(pb)) {
          continue;
        }
        // NOTE: some inputs are sequences or optionals (SequenceProto/OptionalProto), not tensors.
        if (!(inputs.get(i).type() instanceof ValueType.TensorType declared)) {
          continue;
        }
        Tensor t = TensorReader.read(pb);
        if (t.dataType() != declared.elementType()
            || declared.shape() != null && t.dims().length != declared.shape().rank()) {
          mismatches.add(test.getFileName() + "/input_" + i + ": " + t.dataType() + " " + java.util.Arrays.toString(t.dims())
              + " for " + declared);
        }
        checked++;
      }
    }
    System.out.printf("TensorReader: %d node-test inputs read and matched%n", checked);
    assertThat(checked).isGreaterThan(1000);
    // NOTE: ONNX's generator stored these bfloat16 cast inputs as uint16 (and CastLike's target
    // as a one-element tensor); the files themselves are what they say, so they are known quirks.
    assertThat(mismatches).as("inputs whose type differs from the model's")
        .allMatch(m -> m.matches("test_cast(like)?_(BFLOAT16_to_FLOAT|FLOAT_to_BFLOAT16).*"))
        .hasSize(7);
  }
}
