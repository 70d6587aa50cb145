package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.WriteOptions.Layout;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.StringStringEntryProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.tensor.ExternalTensor;
import dev.scalpel.graph.tensor.LazyTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxWriterTest {
  @TempDir Path tmp;

  private static WriteOptions external(long threshold) {
    return WriteOptions.defaults().withLayout(Layout.EXTERNAL).withSizeThreshold(threshold);
  }

  /** Three tensors of awkward sizes: 10, 5000 and 3 bytes. */
  private static Model threeTensors() {
    return SampleModels.chain(List.of(
        SampleModels.bytes("a", 10, 1), SampleModels.bytes("b", 5000, 2), SampleModels.bytes("c", 3, 3)));
  }

  /** The model of {@link MalformedModels#valid()}: W inline, E external in weights.bin. */
  private Model mixedModelOnDisk(Path folder) throws IOException {
    Files.createDirectories(folder);
    MalformedModels.writeData(folder);
    Path p = folder.resolve(MalformedModels.MODEL);
    Files.write(p, MalformedModels.valid().toByteArray());
    return OnnxReader.read(p);
  }

  private static Map<String, byte[]> initializerBytes(Model m) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Value v : m.graph().initializers()) {
      ByteBuffer b = v.initializer().orElseThrow().data();
      byte[] a = new byte[b.remaining()];
      b.get(a);
      out.put(v.name(), a);
    }
    return out;
  }

  private static Map<String, TensorProto> initializerProtos(Path model) throws IOException {
    Map<String, TensorProto> out = new LinkedHashMap<>();
    for (TensorProto t : ModelProto.parseFrom(Files.readAllBytes(model)).getGraph().getInitializerList()) {
      out.put(t.getName(), t);
    }
    return out;
  }

  private static String externalValue(TensorProto t, String key) {
    return t.getExternalDataList().stream().filter(e -> e.getKey().equals(key))
        .map(StringStringEntryProto::getValue).findFirst().orElse(null);
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Tensor neverComputed(String name, long bytes) {
    return new LazyTensor(name, DataType.UINT8, new long[] {bytes}, () -> {
      throw new AssertionError("the writer must refuse before computing '" + name + "'");
    });
  }

  // ---- atomicity ----

  @Test
  void tooLargeInlineWriteLeavesNoFiles() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Model m = SampleModels.chain(List.of(neverComputed("huge", 3L << 30)));

    assertThatThrownBy(() -> OnnxWriter.write(m, out.resolve("m.onnx"), WriteOptions.defaults().withLayout(Layout.INLINE)))
        .isInstanceOf(ModelTooLargeException.class)
        .hasMessageContaining("2 GiB")
        .hasMessageContaining("external data");
    assertThat(listing(out)).isEmpty();
  }

  @Test
  void tensorFailingMidWriteLeavesNoFiles() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Tensor failing = new LazyTensor("bad", DataType.UINT8, new long[] {8192}, () -> {
      throw new IllegalStateException("cannot compute 'bad'");
    });
    Model m = SampleModels.chain(List.of(SampleModels.bytes("good", 8192, 0), failing));

    assertThatThrownBy(() -> OnnxWriter.write(m, out.resolve("m.onnx"), external(0)))
        .hasMessageContaining("'bad'");
    assertThat(listing(out)).isEmpty();
  }

  @Test
  void unwritableDataFileLeavesNoFiles() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Path blocker = Files.createDirectory(out.resolve("w.data"));
    Files.writeString(blocker.resolve("keep.txt"), "x");

    assertThatThrownBy(() -> OnnxWriter.write(threeTensors(), out.resolve("m.onnx"), external(0).withDataFileName("w.data")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("w.data");
    assertThat(listing(out)).containsExactly("w.data");
    assertThat(listing(blocker)).containsExactly("keep.txt");
  }

  @Test
  void unwritableModelFileLeavesNoDataFilesBehind() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Path blocker = Files.createDirectory(out.resolve("m.onnx"));
    Files.writeString(blocker.resolve("keep.txt"), "x");

    assertThatThrownBy(() -> OnnxWriter.write(threeTensors(), out.resolve("m.onnx"), external(0).withDataFileName("w.data")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("m.onnx");
    assertThat(listing(out)).containsExactly("m.onnx");
  }

  @Test
  void rewritingAModelOverItselfPutsTheDataUnderTheOtherNameAndKeepsTheFileItReads() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    OnnxWriter.write(threeTensors(), dir.resolve("m.onnx"), external(0).withDataFileName("w.data"));
    byte[] before = Files.readAllBytes(dir.resolve("w.data"));
    Model loaded = OnnxReader.read(dir.resolve("m.onnx"));

    OnnxWriter.WriteReport report = OnnxWriter.write(loaded, dir.resolve("m.onnx"), WriteOptions.defaults().withDataFileName("w.data"));

    // NOTE: the replaced m.onnx reads w.data, so the new data may not take that name before the
    // new model is in place; w.data itself is a file the model being written was read from.
    assertThat(report.dataFiles()).containsOnlyKeys(dir.resolve("w.1.data").toAbsolutePath());
    assertThat(Files.readAllBytes(dir.resolve("w.data"))).isEqualTo(before);
    assertThat(listing(dir)).containsExactly("m.onnx", "w.1.data", "w.data");
    assertThat(initializerBytes(OnnxReader.read(dir.resolve("m.onnx"))))
        .usingRecursiveComparison().isEqualTo(initializerBytes(threeTensors()));
  }

  @Test
  void refusesToReplaceADataFileTheModelReadsUnlessAllowed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    OnnxWriter.write(threeTensors(), dir.resolve("m.onnx"), external(0).withDataFileName("w.data"));
    byte[] before = Files.readAllBytes(dir.resolve("w.data"));
    Model loaded = OnnxReader.read(dir.resolve("m.onnx"));

    assertThatThrownBy(() -> OnnxWriter.write(loaded, dir.resolve("m2.onnx"), WriteOptions.defaults().withDataFileName("w.data")))
        .isInstanceOf(InputReplacementException.class)
        .hasMessageContaining("refusing to replace")
        .hasMessageContaining("w.data")
        .hasMessageContaining("tensor 'a'");
    assertThat(Files.readAllBytes(dir.resolve("w.data"))).isEqualTo(before);
    assertThat(listing(dir)).containsExactly("m.onnx", "w.data");

    // Allowed, the write still reads the old bytes (through the file opened at read) while it
    // writes the new file, which replaces the old one only once complete.
    OnnxWriter.write(loaded, dir.resolve("m2.onnx"), WriteOptions.defaults().withDataFileName("w.data").withReplaceInputs(true));
    assertThat(initializerBytes(OnnxReader.read(dir.resolve("m2.onnx"))))
        .usingRecursiveComparison().isEqualTo(initializerBytes(threeTensors()));
  }

  @Test
  void refusesToReplaceTheInputModelWithData() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path input = dir.resolve("model.onnx");
    OnnxWriter.write(threeTensors(), input);
    byte[] before = Files.readAllBytes(input);
    Model loaded = OnnxReader.read(input);

    assertThatThrownBy(() -> OnnxWriter.write(loaded, dir.resolve("model2.onnx"),
        external(0).withDataFileName("model.onnx").withInputFile(input)))
        .isInstanceOf(InputReplacementException.class)
        .hasMessageContaining("it is the input model");
    assertThat(Files.readAllBytes(input)).isEqualTo(before);
    assertThat(listing(dir)).containsExactly("model.onnx");
  }

  @Test
  void rewritingBesideTheSourceUnderAnotherDataFileNameWorks() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    OnnxWriter.write(threeTensors(), dir.resolve("m.onnx"), external(0).withDataFileName("w.data"));
    Model loaded = OnnxReader.read(dir.resolve("m.onnx"));

    OnnxWriter.write(loaded, dir.resolve("m2.onnx"), WriteOptions.defaults().withDataFileName("w2.data"));

    assertThat(initializerBytes(OnnxReader.read(dir.resolve("m2.onnx"))))
        .usingRecursiveComparison().isEqualTo(initializerBytes(threeTensors()));
  }

  // ---- layouts ----

  @Test
  void externalOffsetsAreMultiplesOf4096() throws IOException {
    Path p = tmp.resolve("m.onnx");
    OnnxWriter.write(threeTensors(), p, external(0));

    Map<String, TensorProto> protos = initializerProtos(p);
    assertThat(protos.values()).allSatisfy(t -> {
      assertThat(t.getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
      assertThat(Long.parseLong(externalValue(t, "offset")) % 4096).isZero();
    });
    assertThat(protos.values().stream().map(t -> externalValue(t, "offset")))
        .containsExactly("0", "4096", "12288");
  }

  @Test
  void filePerTensorWritesOneFilePerTensor() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    OnnxWriter.write(threeTensors(), out.resolve("m.onnx"), external(0).withFilePerTensor(true));

    Map<String, TensorProto> protos = initializerProtos(out.resolve("m.onnx"));
    assertThat(protos.values().stream().map(t -> externalValue(t, "location")))
        .containsExactly("a.bin", "b.bin", "c.bin");
    assertThat(protos.values().stream().map(t -> externalValue(t, "offset"))).containsOnly("0");
    assertThat(listing(out)).containsExactly("a.bin", "b.bin", "c.bin", "m.onnx");
    assertThat(Files.size(out.resolve("b.bin"))).isEqualTo(5000);
  }

  @Test
  void keepLeavesInlineTensorsInlineAndExternalOnesExternal() throws IOException {
    Model m = mixedModelOnDisk(tmp.resolve("src"));
    Path out = tmp.resolve("out/m.onnx");

    OnnxWriter.write(m, out, WriteOptions.defaults());

    Map<String, TensorProto> protos = initializerProtos(out);
    assertThat(protos.get("W").hasRawData()).isTrue();
    assertThat(protos.get("W").getDataLocation()).isEqualTo(TensorProto.DataLocation.DEFAULT);
    assertThat(protos.get("E").getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
    assertThat(externalValue(protos.get("E"), "location")).isEqualTo("m.onnx.data");
    assertThat(listing(out.getParent())).containsExactly("m.onnx", "m.onnx.data");
  }

  @Test
  void externalLayoutMovesOnlyTensorsAtLeastTheThreshold() throws IOException {
    Model m = SampleModels.chain(List.of(
        SampleModels.bytes("small", 16, 0), SampleModels.bytes("edge", 4096, 1), SampleModels.bytes("big", 40000, 2)));
    Path p = tmp.resolve("m.onnx");

    OnnxWriter.write(m, p, external(4096));

    Map<String, TensorProto> protos = initializerProtos(p);
    assertThat(protos.get("small").getDataLocation()).isEqualTo(TensorProto.DataLocation.DEFAULT);
    assertThat(protos.get("small").getRawData().size()).isEqualTo(16);
    assertThat(protos.get("edge").getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
    assertThat(protos.get("big").getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
  }

  @Test
  void inlineLayoutBringsExternalDataBack() throws IOException {
    Model m = mixedModelOnDisk(tmp.resolve("src"));
    Path out = tmp.resolve("out/m.onnx");

    OnnxWriter.write(m, out, WriteOptions.defaults().withLayout(Layout.INLINE));

    Map<String, TensorProto> protos = initializerProtos(out);
    assertThat(protos.values()).allSatisfy(t -> {
      assertThat(t.getDataLocation()).isEqualTo(TensorProto.DataLocation.DEFAULT);
      assertThat(t.getExternalDataCount()).isZero();
    });
    assertThat(listing(out.getParent())).containsExactly("m.onnx");
    assertThat(OnnxReader.read(out).graph().initializer("E").orElseThrow().initializer().orElseThrow().toFloatArray())
        .containsExactly(5f, 6f, 7f, 8f);
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void roundTripKeepsEveryTensorsBytes(Layout layout) throws IOException {
    Model m = mixedModelOnDisk(tmp.resolve("src"));
    Map<String, byte[]> expected = initializerBytes(m);
    WriteOptions options = WriteOptions.defaults().withLayout(layout).withSizeThreshold(0);

    OnnxWriter.write(m, tmp.resolve("one/m.onnx"), options);
    Model once = OnnxReader.read(tmp.resolve("one/m.onnx"));
    OnnxWriter.write(once, tmp.resolve("two/m.onnx"), options.withFilePerTensor(true));
    Model twice = OnnxReader.read(tmp.resolve("two/m.onnx"));

    assertThat(initializerBytes(once)).usingRecursiveComparison().isEqualTo(expected);
    assertThat(initializerBytes(twice)).usingRecursiveComparison().isEqualTo(expected);
  }

  @Test
  void writesToAStreamWithAllDataInline() throws IOException {
    Model m = mixedModelOnDisk(tmp.resolve("src"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    OnnxWriter.write(m, bytes);

    ModelProto proto = ModelProto.parseFrom(bytes.toByteArray());
    assertThat(proto.getGraph().getInitializerList()).allSatisfy(t -> assertThat(t.getExternalDataCount()).isZero());
    assertThat(initializerBytes(OnnxReader.read(bytes.toByteArray())))
        .usingRecursiveComparison().isEqualTo(initializerBytes(m));
    assertThat(bytes.toByteArray()).isEqualTo(OnnxWriter.toBytes(m));
  }

  @Test
  void streamWritingRefusesMoreThan2GiB() {
    Model m = SampleModels.chain(List.of(neverComputed("huge", 3L << 30)));
    assertThatThrownBy(() -> OnnxWriter.write(m, new ByteArrayOutputStream()))
        .isInstanceOf(ModelTooLargeException.class);
  }

  @Test
  void externalTensorsAreUntouchedByKeepUntilWritten() throws IOException {
    Model m = mixedModelOnDisk(tmp.resolve("src"));
    ExternalTensor e = (ExternalTensor) m.graph().initializer("E").orElseThrow().initializer().orElseThrow();
    OnnxWriter.write(m, tmp.resolve("out/m.onnx"), WriteOptions.defaults());
    assertThat(e.isMapped()).as("KEEP copies external data without mapping it").isFalse();
  }

  @Test
  void refusesADataFileNamedLikeTheModelAndWritesNothing() {
    Path out = tmp.resolve("same.onnx");
    assertThatThrownBy(() -> OnnxWriter.write(threeTensors(), out, external(0).withDataFileName("same.onnx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model's own name");
    assertThat(out).doesNotExist();
  }

  @Test
  void outputsGetTheUsualPermissionsNotOwnerOnly() throws IOException {
    Path reference = Files.createFile(tmp.resolve("reference"));
    Path out = tmp.resolve("perm.onnx");
    OnnxWriter.write(threeTensors(), out, external(0));
    assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(reference));
    assertThat(Files.getPosixFilePermissions(tmp.resolve("perm.onnx.data")))
        .isEqualTo(Files.getPosixFilePermissions(reference));
  }

  @Test
  void failedWriteIntoANewFolderLeavesNoFolder() {
    Path folder = tmp.resolve("new-folder");
    Model m = SampleModels.chain(List.of(neverComputed("huge", 3L << 30)));
    assertThatThrownBy(() -> OnnxWriter.write(m, folder.resolve("m.onnx"), WriteOptions.defaults().withLayout(Layout.INLINE)))
        .isInstanceOf(ModelTooLargeException.class);
    assertThat(folder).doesNotExist();
  }

  // ---------------------------------------------------------------- graphs that cannot be loaded

  @Test
  void aSelfLoopIsRefusedWithANamedErrorAndNothingIsWritten() {
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(21);
    Value x = b.input("x", DataType.FLOAT, dev.scalpel.graph.Shape.of(2));
    Value sum = b.op("Add", x, x);
    b.output(sum);
    sum.producer().replaceInput(1, sum); // the node reads its own output
    Model model = b.model();
    Path out = tmp.resolve("loop.onnx");

    assertThatThrownBy(() -> OnnxWriter.write(model, out))
        .isInstanceOf(dev.scalpel.graph.InvalidModelException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining(sum.producer().name());
    assertThat(out).doesNotExist();
    assertThatThrownBy(() -> OnnxWriter.toBytes(model)).isInstanceOf(dev.scalpel.graph.InvalidModelException.class);
  }

  @Test
  void aNodeReadingARemovedNodesOutputIsRefusedAsDangling() {
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(21);
    Value x = b.input("x", DataType.FLOAT, dev.scalpel.graph.Shape.of(2));
    Value relu = b.op("Relu", x);
    Value neg = b.op("Neg", x);
    b.output(neg);
    Value stray = new Value("stray");
    neg.producer().replaceInput(0, stray); // no input, initializer or node defines it

    assertThatThrownBy(() -> OnnxWriter.write(b.model(), tmp.resolve("dangling.onnx")))
        .isInstanceOf(dev.scalpel.graph.InvalidModelException.class)
        .hasMessageContaining("dangling-use")
        .hasMessageContaining("'stray'");
    assertThat(relu.producer()).isNotNull();
  }

  @Test
  void aGraphOutOfOrderIsWrittenSorted() throws IOException {
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(21);
    Value x = b.input("x", DataType.FLOAT, dev.scalpel.graph.Shape.of(2));
    Value relu = b.op("Relu", x);
    Value neg = b.op("Neg", relu);
    b.output(neg);
    Model model = b.model();
    model.graph().reorder(List.of(neg.producer(), relu.producer()));

    Path out = tmp.resolve("sorted.onnx");
    OnnxWriter.write(model, out);

    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(out));
    assertThat(proto.getGraph().getNodeList()).extracting(n -> n.getOpType()).containsExactly("Relu", "Neg");
  }
}
