package dev.scalpel.graph.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one serialized ONNX {@code TensorProto} (the {@code .pb} files of ONNX test data sets,
 * such as {@code test_data_set_0/input_0.pb}) into a {@link Tensor}.
 *
 * <p>The tensor gets exactly the checks an initializer gets when a model is read (the importer's
 * own code path): a known element type, non-negative dims, data that agrees with the dims, and
 * external data that lies inside the folder of the {@code .pb} file. A returned tensor's type is
 * never {@link DataType#UNDEFINED}. Malformed input gives an {@link InvalidModelException} whose
 * message names the file; {@link IOException} is left for failures of the file system.
 */
public final class TensorReader {
  private TensorReader() {}

  /** Reads a {@code .pb} file; external data is resolved relative to the file's folder. */
  public static Tensor read(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new InvalidModelException(file + " is a folder, not a TensorProto file");
    }
    // NOTE: input tensors are small next to models, so the file is read rather than mapped.
    return parse(Files.readAllBytes(absolute), absolute.getParent(), file.toString());
  }

  /**
   * Reads a tensor held in memory. The array is aliased and must not change while the tensor is in
   * use. A tensor with external data is refused unless {@code baseDir} says where its file is.
   */
  public static Tensor read(byte[] bytes, Path baseDir) {
    return parse(bytes, baseDir, "tensor bytes");
  }

  public static Tensor read(byte[] bytes) {
    return read(bytes, null);
  }

  private static Tensor parse(byte[] bytes, Path baseDir, String what) {
    if (bytes.length == 0) {
      throw new InvalidModelException(what + " is empty");
    }
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
    in.enableAliasing(true);
    TensorProto proto;
    try {
      proto = TensorProto.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (IOException e) {
      throw new InvalidModelException(what + " is not a valid ONNX TensorProto: truncated or corrupt protobuf ("
          + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new InvalidModelException(what + " is not a valid ONNX TensorProto: " + e, e);
    }
    if (proto.getDataType() == DataType.UNDEFINED.code()) {
      throw new InvalidModelException(what + " is not an ONNX TensorProto: it declares no data type");
    }
    try {
      return new ProtoImporter(baseDir).importTensor(proto, "tensor file");
    } catch (InvalidModelException e) {
      // NOTE: the importer names the tensor; the prefix says in which file.
      throw new InvalidModelException(what + ": " + e.getMessage(), e);
    }
  }
}
