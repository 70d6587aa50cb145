package dev.scalpel.graph.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.FunctionProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads ONNX models into the IR.
 *
 * <p>Tensor bytes are copied at most once: a file is memory-mapped (or, when small, copied onto
 * the heap: {@link ModelFileBytes}) and parsed with aliasing, so inline tensors are views of those
 * bytes; external data files are checked (location inside the model's
 * folder, region within the file) but mapped only when a tensor's data is first read. Malformed
 * input of any kind gives an {@link InvalidModelException} naming what is wrong; {@link
 * IOException} is left for failures of the file system itself (no such file, permission denied).
 */
public final class OnnxReader {
  /** Nesting depth of protobuf messages accepted (graphs inside If/Loop bodies nest deeply). */
  private static final int RECURSION_LIMIT = 400;

  /**
   * Files at least this large have their initializers' raw_data located, so that writers can copy
   * those bytes file to file (see {@link SourceRegion}); for smaller files it is not worth a walk.
   */
  private static final int LOCATE_RAW_DATA_FROM = 1 << 20;

  private OnnxReader() {}

  /** Reads a model file; external data is resolved relative to the file's folder. */
  public static Model read(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new InvalidModelException(file + " is a folder, not an ONNX model file");
    }
    // NOTE: a large file's channel stays open (closed by its cleaner once the model is gone), so
    // that writers copy its tensors from the file that was read, never from the path reopened.
    FileChannel ch = FileChannel.open(absolute, StandardOpenOption.READ);
    ByteBuffer bytes;
    ProtoImporter importer;
    try {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new InvalidModelException(file + " is " + size
            + " bytes; an ONNX file cannot exceed 2 GiB (larger models keep weights in external data)");
      }
      bytes = ModelFileBytes.of(ch, size);
      importer = bytes.remaining() >= LOCATE_RAW_DATA_FROM
          ? new ProtoImporter(absolute.getParent(), SourceRegion.SourceFile.of(absolute, ch), RawDataLocator.locate(bytes))
          : null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (importer == null) {
      ch.close();
      importer = new ProtoImporter(absolute.getParent());
    }
    return parse(immutableInput(bytes), bytes.remaining(), importer, file.toString());
  }

  /**
   * Reads a model held in memory. The array is aliased, not copied, and must not change while the
   * model is in use. A model with external data cannot be read this way unless {@code baseDir}
   * says where its data files are.
   */
  public static Model read(byte[] bytes, Path baseDir) {
    return parse(UnsafeByteOperations.unsafeWrap(bytes).newCodedInput(), bytes.length, new ProtoImporter(baseDir), "model bytes");
  }

  public static Model read(byte[] bytes) {
    return read(bytes, null);
  }

  /** Reads a model from a stream (the whole stream is read into memory once). */
  public static Model read(InputStream in, Path baseDir) throws IOException {
    return read(in.readAllBytes(), baseDir);
  }

  /**
   * Reads a serialized {@code FunctionProto}, such as the body of an operator that the ONNX
   * schemas define by a function. Malformed input gives an {@link InvalidModelException}.
   */
  public static Function readFunction(byte[] bytes) {
    if (bytes.length == 0) {
      throw new InvalidModelException("function bytes are empty");
    }
    return new ProtoImporter(null).importFunction(parseWhole(bytes, FunctionProto.parser(), "function"));
  }

  /**
   * Reads a serialized {@code AttributeProto}, such as the default value an operator schema stores
   * for an attribute. The result carries {@link dev.scalpel.graph.Unmodeled#NONE}: fields the IR
   * does not model (the explicit type, doc_string) are dropped. Malformed input gives an {@link
   * InvalidModelException}.
   */
  public static Attribute readAttribute(byte[] bytes) {
    return new ProtoImporter(null).importAttribute(parseWhole(bytes, AttributeProto.parser(), "attribute"));
  }

  /** One message of {@code what} that fills all of {@code bytes}, or an {@link InvalidModelException}. */
  private static <T> T parseWhole(byte[] bytes, Parser<T> parser, String what) {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
    in.setRecursionLimit(RECURSION_LIMIT);
    try {
      T proto = parser.parseFrom(in);
      in.checkLastTagWas(0);
      return proto;
    } catch (IOException | RuntimeException e) {
      throw new InvalidModelException("not a valid ONNX " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * A parser input that may alias {@code buffer}.
   *
   * <p>NOTE: {@code CodedInputStream.newInstance(ByteBuffer)} and {@code newInstance(byte[])} treat
   * their input as mutable and therefore copy every bytes field even with aliasing enabled; only
   * input opened through a {@code ByteString} is known to be immutable, so parsed {@code raw_data}
   * stays a view of the mapping.
   */
  private static CodedInputStream immutableInput(ByteBuffer buffer) {
    return UnsafeByteOperations.unsafeWrap(buffer).newCodedInput();
  }

  private static Model parse(CodedInputStream in, int size, ProtoImporter importer, String what) {
    if (size == 0) {
      throw new InvalidModelException(what + " is empty");
    }
    in.enableAliasing(true);
    in.setRecursionLimit(RECURSION_LIMIT);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (IOException e) {
      throw new InvalidModelException(what + " is not a valid ONNX model: truncated or corrupt protobuf ("
          + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new InvalidModelException(what + " is not a valid ONNX model: " + e, e);
    }
    try {
      return importer.importModel(proto);
    } catch (InvalidModelException e) {
      // NOTE: the importer names the tensor, node or value; the prefix says in which file.
      throw new InvalidModelException(what + ": " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new InvalidModelException(what + ": graphs are nested too deeply to read");
    }
  }
}
