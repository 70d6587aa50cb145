package dev.scalpel.graph.io;

import com.google.protobuf.ByteString;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.NodeProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import dev.scalpel.graph.io.proto.OnnxProto.StringStringEntryProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorShapeProto;
import dev.scalpel.graph.io.proto.OnnxProto.TypeProto;
import dev.scalpel.graph.io.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Generates malformed ONNX files, each derived from one small valid model ({@link #valid()}) by the
 * generated protobuf builders and written as bytes, with a description of what is wrong and a
 * string the reader's error message must contain (the offending tensor, node or value, or the file
 * itself when the bytes are not a model at all).
 *
 * <p>The valid model: inputs {@code X} float[4]; initializer {@code W} float[4] inline; initializer
 * {@code E} float[4] in external file {@code weights.bin} (16 bytes at offset 0); nodes
 * {@code add}: Add(X, W) → Y, {@code relu}: Relu(Y) → Z, {@code mul}: Mul(Z, E) → out; output
 * {@code out}. Run {@link #main} to write every case into a folder for inspection.
 */
public final class MalformedModels {
  /** Name of the model file each case writes. */
  public static final String MODEL = "model.onnx";
  /** External data file of the valid model. */
  public static final String DATA = "weights.bin";

  /** Writes one case's files into an empty folder and returns the model file. */
  @FunctionalInterface
  public interface Writer {
    Path write(Path folder) throws IOException;
  }

  /**
   * One malformed file.
   *
   * @param name short identifier, also a file-name prefix
   * @param description what is wrong with it
   * @param mustMention texts the reader's message must contain
   */
  public record Case(String name, String description, List<String> mustMention, Writer writer) {
    @Override
    public String toString() {
      return name;
    }
  }

  private MalformedModels() {}

  /** The valid model described in the class comment; its data file is written by {@link #writeData}. */
  public static ModelProto valid() {
    GraphProto g = GraphProto.newBuilder()
        .setName("main")
        .addInput(floatVector("X", 4))
        .addInitializer(rawFloats("W", 1f, 2f, 3f, 4f))
        .addInitializer(external("E", entry("location", DATA), entry("offset", "0"), entry("length", "16")))
        .addNode(node("add", "Add", List.of("X", "W"), List.of("Y")))
        .addNode(node("relu", "Relu", List.of("Y"), List.of("Z")))
        .addNode(node("mul", "Mul", List.of("Z", "E"), List.of("out")))
        .addOutput(floatVector("out", 4))
        .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("MalformedModels")
        .setGraph(g)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .build();
  }

  /** Writes the 16-byte external data file of the valid model (four floats 5..8). */
  public static void writeData(Path folder) throws IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putFloat(5f).putFloat(6f).putFloat(7f).putFloat(8f);
    Files.write(folder.resolve(DATA), b.array());
  }

  /** Every malformed case. */
  public static List<Case> all() {
    List<Case> c = new ArrayList<>();
    byte[] validBytes = valid().toByteArray();

    c.add(bytes("truncated-header", "the file is cut after 3 bytes", List.of(MODEL), Arrays.copyOf(validBytes, 3)));
    c.add(bytes("truncated-middle", "the file is cut in the middle of the graph", List.of(MODEL),
        Arrays.copyOf(validBytes, validBytes.length / 2)));
    c.add(bytes("truncated-raw-data", "the file is cut inside initializer W's raw_data", List.of(MODEL),
        Arrays.copyOf(validBytes, indexOfRawData(validBytes) + 5)));
    c.add(bytes("truncated-last-byte", "the file lacks its last byte", List.of(MODEL),
        Arrays.copyOf(validBytes, validBytes.length - 1)));
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    c.add(bytes("garbage", "4 KiB of seeded random bytes", List.of(MODEL), garbage));
    c.add(bytes("empty", "an empty file", List.of(MODEL), new byte[0]));
    c.add(bytes("text", "a text file (a README, not a model)", List.of(MODEL),
        "This is not an ONNX model.\nIt is a README that someone named model.onnx.\n"
            .getBytes(StandardCharsets.UTF_8)));
    c.add(model("no-graph", "the model has no graph", List.of("no graph"), m -> m.clearGraph()));
    c.add(model("no-opset", "the model has no opset_import", List.of("opset"), m -> m.clearOpsetImport()));

    c.add(graph("raw-size", "W's raw_data holds 12 bytes for dims [4] of float", List.of("'W'"),
        g -> g.setInitializer(0, rawFloats("W", 1f, 2f, 3f))));
    c.add(graph("typed-count", "W's float_data holds 3 entries for dims [4]", List.of("'W'"),
        g -> g.setInitializer(0, TensorProto.newBuilder().setName("W").setDataType(1).addDims(4)
            .addFloatData(1f).addFloatData(2f).addFloatData(3f))));
    c.add(graph("dims-overflow", "W's dims [2^62, 8] overflow a long element count", List.of("'W'"),
        g -> g.setInitializer(0, rawFloats("W", 1f, 2f, 3f, 4f).toBuilder().clearDims()
            .addDims(1L << 62).addDims(8))));
    c.add(graph("negative-dim", "W has dims [-4]", List.of("'W'"),
        g -> g.setInitializer(0, rawFloats("W", 1f, 2f, 3f, 4f).toBuilder().setDims(0, -4))));
    c.add(graph("unknown-type", "W has data type code 99", List.of("'W'"),
        g -> g.setInitializer(0, rawFloats("W", 1f, 2f, 3f, 4f).toBuilder().setDataType(99))));
    c.add(graph("dangling-input", "node relu reads 'nowhere', which nothing produces", List.of("'nowhere'"),
        g -> g.setNode(1, node("relu", "Relu", List.of("nowhere"), List.of("Z")))));
    c.add(graph("dangling-output", "graph output 'ghost' is produced by nothing", List.of("'ghost'"),
        g -> g.setOutput(0, floatVector("ghost", 4))));
    c.add(graph("two-producers", "nodes add and relu both produce 'Y'", List.of("'Y'"),
        g -> g.setNode(1, node("relu", "Relu", List.of("X"), List.of("Y")))
            .setNode(2, node("mul", "Mul", List.of("Y", "E"), List.of("out")))));
    c.add(graph("duplicate-initializer", "initializer W appears twice", List.of("'W'"),
        g -> g.addInitializer(rawFloats("W", 1f, 2f, 3f, 4f))));
    c.add(graph("cycle", "nodes loopA and loopB feed each other", List.of("loopA", "loopB"),
        g -> g.addNode(node("loopA", "Relu", List.of("b"), List.of("a")))
            .addNode(node("loopB", "Relu", List.of("a"), List.of("b")))));
    c.add(graph("no-op-type", "node relu has no op_type", List.of("'relu'"),
        g -> g.setNode(1, g.getNode(1).toBuilder().clearOpType())));

    c.add(external("ext-absolute", "E's location is an absolute path", List.of("'E'"),
        e -> e.setExternalData(0, entry("location", "/etc/passwd"))));
    c.add(external("ext-dotdot", "E's location climbs out with '..'", List.of("'E'"),
        e -> e.setExternalData(0, entry("location", "sub/../../" + DATA))));
    c.add(new Case("ext-symlink-outside", "E's location is a link to a file outside the model's folder", List.of("'E'"),
        folder -> {
          Path outside = Files.createTempFile(folder.getParent(), "outside", ".bin");
          Files.write(outside, new byte[16]);
          Files.createSymbolicLink(folder.resolve("link.bin"), outside);
          return writeModel(folder, withExternal(e -> e.setExternalData(0, entry("location", "link.bin"))));
        }));
    c.add(new Case("ext-missing-file", "E's data file does not exist", List.of("'E'"),
        folder -> writeModel(folder, valid())));
    c.add(external("ext-past-end", "E's offset 8 + length 16 runs past the 16-byte file", List.of("'E'"),
        e -> e.setExternalData(1, entry("offset", "8"))));
    c.add(external("ext-length", "E's length 12 disagrees with dims [4] of float", List.of("'E'"),
        e -> e.setExternalData(2, entry("length", "12"))));
    c.add(external("ext-and-raw", "E is external but also carries raw_data", List.of("'E'"),
        e -> e.setRawData(ByteString.copyFrom(new byte[16]))));
    c.add(external("ext-trailing-slash", "E's location ends in '/' (ONNX Runtime refuses it)", List.of("'E'", "separator"),
        e -> e.setExternalData(0, entry("location", DATA + "/"))));
    c.add(external("ext-no-location", "E's external_data has offset and length but no location", List.of("'E'"),
        e -> e.removeExternalData(0)));
    c.add(external("ext-bad-offset", "E's offset is 'zero', not a number", List.of("'E'"),
        e -> e.setExternalData(1, entry("offset", "zero"))));
    c.add(new Case("ext-directory", "E's location names a folder", List.of("'E'"),
        folder -> {
          Files.createDirectory(folder.resolve("dir.bin"));
          return writeModel(folder, withExternal(e -> e.setExternalData(0, entry("location", "dir.bin"))));
        }));
    c.add(bytes("nested-too-deep", "If nodes nested 1000 deep, beyond the reader's recursion limit",
        List.of(MODEL, "nest"), nestedIfBytes(1000)));
    return c;
  }

  /**
   * A graph whose only node is an If whose then-branch holds another such If, {@code depth} times;
   * every else-branch is a one-node leaf graph (so the size grows linearly with the depth).
   */
  public static GraphProto nestedIfs(int depth) {
    GraphProto leaf = GraphProto.newBuilder().setName("leaf")
        .addNode(node("leafConst", "Constant", List.of(), List.of("leaf_out")).toBuilder()
            .addAttribute(AttributeProto.newBuilder().setName("value_float").setType(AttributeProto.AttributeType.FLOAT).setF(1f)))
        .addOutput(floatVector("leaf_out", 1))
        .build();
    GraphProto inner = leaf;
    for (int i = 0; i < depth; i++) {
      String out = "o" + i;
      NodeProto ifNode = node("if" + i, "If", List.of("cond"), List.of(out)).toBuilder()
          .addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(inner))
          .addAttribute(AttributeProto.newBuilder().setName("else_branch").setType(AttributeProto.AttributeType.GRAPH).setG(leaf))
          .build();
      inner = GraphProto.newBuilder().setName("g" + i).addNode(ifNode).addOutput(floatVector(out, 1)).build();
    }
    return inner.toBuilder().addInput(ValueInfoProto.newBuilder().setName("cond")
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(9)))).build();
  }

  /**
   * The valid model with its graph replaced by {@link #nestedIfs}-style nesting {@code depth} deep,
   * encoded directly: each level is spliced in as bytes, because the protobuf builders' own
   * (recursive) size computation overflows the stack at such depths.
   */
  public static byte[] nestedIfBytes(int depth) {
    GraphProto leaf = nestedIfs(0).toBuilder().clearInput().build();
    ByteString graph = leaf.toByteString();
    for (int i = 0; i < depth; i++) {
      String out = "o" + i;
      ByteString thenBranch = AttributeProto.newBuilder().setName("then_branch")
          .setType(AttributeProto.AttributeType.GRAPH).build().toByteString()
          .concat(lengthDelimited(AttributeProto.G_FIELD_NUMBER, graph));
      ByteString elseBranch = AttributeProto.newBuilder().setName("else_branch")
          .setType(AttributeProto.AttributeType.GRAPH).setG(leaf).build().toByteString();
      ByteString ifNode = node("if" + i, "If", List.of("cond"), List.of(out)).toByteString()
          .concat(lengthDelimited(NodeProto.ATTRIBUTE_FIELD_NUMBER, thenBranch))
          .concat(lengthDelimited(NodeProto.ATTRIBUTE_FIELD_NUMBER, elseBranch));
      graph = GraphProto.newBuilder().setName("g" + i).addOutput(floatVector(out, 1)).build().toByteString()
          .concat(lengthDelimited(GraphProto.NODE_FIELD_NUMBER, ifNode));
    }
    graph = graph.concat(lengthDelimited(GraphProto.INPUT_FIELD_NUMBER, nestedIfs(0).getInput(0).toByteString()));
    ModelProto rest = valid().toBuilder().clearGraph().build();
    return rest.toByteString().concat(lengthDelimited(ModelProto.GRAPH_FIELD_NUMBER, graph)).toByteArray();
  }

  /** The encoding of field {@code field} holding {@code payload} (tag, length, bytes). */
  private static ByteString lengthDelimited(int field, ByteString payload) {
    ByteString.Output header = ByteString.newOutput();
    try {
      com.google.protobuf.CodedOutputStream cos = com.google.protobuf.CodedOutputStream.newInstance(header);
      cos.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
      cos.writeUInt32NoTag(payload.size());
      cos.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return header.toByteString().concat(payload);
  }

  /** Writes every case into {@code args[0]}, one folder per case, with a list of descriptions. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "malformed-models");
    Files.createDirectories(root);
    StringBuilder readme = new StringBuilder();
    for (Case c : all()) {
      Path folder = Files.createDirectories(root.resolve(c.name()));
      c.writer().write(folder);
      readme.append(c.name()).append(": ").append(c.description()).append('\n');
    }
    Files.writeString(root.resolve("README.txt"), readme);
  }

  // ---- building blocks ----

  private static Case bytes(String name, String description, List<String> mustMention, byte[] content) {
    return new Case(name, description, mustMention, folder -> {
      writeData(folder);
      Path p = folder.resolve(MODEL);
      Files.write(p, content);
      return p;
    });
  }

  private static Case model(String name, String description, List<String> mustMention, UnaryOperator<ModelProto.Builder> edit) {
    return new Case(name, description, mustMention, folder -> {
      writeData(folder);
      return writeModel(folder, edit.apply(valid().toBuilder()).build());
    });
  }

  private static Case graph(String name, String description, List<String> mustMention, UnaryOperator<GraphProto.Builder> edit) {
    return model(name, description, mustMention, m -> m.setGraph(edit.apply(m.getGraph().toBuilder())));
  }

  private static Case external(String name, String description, List<String> mustMention, UnaryOperator<TensorProto.Builder> edit) {
    return new Case(name, description, mustMention, folder -> {
      writeData(folder);
      return writeModel(folder, withExternal(edit));
    });
  }

  /** The valid model with initializer E (index 1) edited. */
  private static ModelProto withExternal(UnaryOperator<TensorProto.Builder> edit) {
    ModelProto.Builder m = valid().toBuilder();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setInitializer(1, edit.apply(g.getInitializer(1).toBuilder()));
    return m.setGraph(g).build();
  }

  private static Path writeModel(Path folder, ModelProto m) throws IOException {
    Path p = folder.resolve(MODEL);
    Files.write(p, m.toByteArray());
    return p;
  }

  /** Position of the first raw_data payload in the serialized valid model (the bytes of W). */
  private static int indexOfRawData(byte[] model) {
    byte[] w = rawFloats("W", 1f, 2f, 3f, 4f).getRawData().toByteArray();
    for (int i = 0; i + w.length <= model.length; i++) {
      if (Arrays.equals(model, i, i + w.length, w, 0, w.length)) {
        return i;
      }
    }
    throw new IllegalStateException("raw_data of W not found");
  }

  static ValueInfoProto floatVector(String name, long n) {
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1)
            .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n)))))
        .build();
  }

  static TensorProto rawFloats(String name, float... values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return TensorProto.newBuilder().setName(name).setDataType(1).addDims(4)
        .setRawData(ByteString.copyFrom(b.array())).build();
  }

  private static TensorProto external(String name, StringStringEntryProto... entries) {
    return TensorProto.newBuilder().setName(name).setDataType(1).addDims(4)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL).addAllExternalData(List.of(entries)).build();
  }

  static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  static NodeProto node(String name, String op, List<String> inputs, List<String> outputs) {
    return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addAllOutput(outputs).build();
  }
}
