package dev.scalpel.graph.io;

import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one {@link Tensor} as a serialized ONNX {@code TensorProto}, the inverse of {@link
 * TensorReader}. The data is always inline ({@code raw_data}, or {@code string_data} for strings),
 * so the file stands alone; a tensor that was read from a {@code TensorProto} is written back as
 * the message that was parsed.
 */
public final class TensorWriter {
  private TensorWriter() {}

  public static byte[] toBytes(Tensor tensor) {
    return ProtoExporter.inlineTensor(tensor, tensor.name()).toByteArray();
  }

  public static void write(Tensor tensor, Path file) throws IOException {
    Files.write(file, toBytes(tensor));
  }
}
