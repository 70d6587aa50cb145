package dev.scalpel.passes;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.testdata.BundledModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The bundled test models. */
public final class TestModels {
  private TestModels() {}

  /** tiny_cnn.onnx: Conv → BN → Relu → Identity → Shape chain → Reshape → Gemm, symbolic batch. */
  public static Model tinyCnn() {
    try (InputStream in = BundledModels.open("tiny_cnn.onnx")) {
      return OnnxReader.read(in, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A model of testdata/models by file name, such as {@code fixed_batch_cnn.onnx}. */
  public static Model bundled(String fileName) {
    try (InputStream in = BundledModels.open(fileName)) {
      return OnnxReader.read(in, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
