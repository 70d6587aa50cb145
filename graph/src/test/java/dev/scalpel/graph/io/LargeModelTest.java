package dev.scalpel.graph.io;

import static dev.scalpel.graph.io.LargeModelEditor.GIB;
import static dev.scalpel.graph.io.LargeModelEditor.MARKER_POSITIONS;
import static dev.scalpel.graph.io.LargeModelEditor.TENSORS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TypeProto;
import dev.scalpel.graph.io.proto.OnnxProto.ValueInfoProto;
import dev.scalpel.testdata.ChildClassPath;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with 3 GiB of external weights (a sparse file with a few marker bytes) is loaded, edited,
 * saved and re-loaded by {@link LargeModelEditor} in a child JVM limited to a 512 MiB heap: a model
 * must never need its weights on the heap to be edited.
 */
class LargeModelTest {
  @TempDir Path tmp;

  @Test
  void editsAModelWithGigabytesOfWeightsInA512MiBHeap() throws Exception {
    Path source = Files.createDirectory(tmp.resolve("source"));
    Path model = writeLargeModel(source);
    Path target = tmp.resolve("target/edited.onnx");

    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m",
        "-cp", ChildClassPath.of(),
        LargeModelEditor.class.getName(), model.toString(), target.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains(LargeModelEditor.PASSED);
    Path data = target.resolveSibling("weights.data");
    assertThat(Files.size(data)).isEqualTo(TENSORS * GIB);
    DiskUsage.allocatedBytes(data).ifPresent(bytes ->
        assertThat(bytes).as("the copy keeps zero runs as holes").isLessThan(64L << 20));
  }

  /** Writes {@code big.onnx} and its sparse data file {@code weights.bin} into {@code folder}. */
  private static Path writeLargeModel(Path folder) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(folder.resolve("weights.bin").toFile(), "rw")) {
      raf.setLength(TENSORS * GIB);
      for (int i = 0; i < TENSORS; i++) {
        for (int k = 0; k < MARKER_POSITIONS.length; k++) {
          raf.seek(i * GIB + MARKER_POSITIONS[k]);
          raf.write(LargeModelEditor.marker(i, k));
        }
      }
    }
    GraphProto.Builder g = GraphProto.newBuilder().setName("large").addInput(bytesInput("X"));
    String current = "X";
    for (int i = 0; i < TENSORS; i++) {
      String w = LargeModelEditor.tensorName(i);
      g.addInitializer(TensorProto.newBuilder().setName(w).setDataType(2).addDims(GIB)
          .setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(MalformedModels.entry("location", "weights.bin"))
          .addExternalData(MalformedModels.entry("offset", Long.toString(i * GIB)))
          .addExternalData(MalformedModels.entry("length", Long.toString(GIB))));
      String out = "sum" + i;
      g.addNode(MalformedModels.node("add" + i, "Add", List.of(current, w), List.of(out)));
      current = out;
    }
    g.addOutput(bytesInput(current));
    ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build();
    Path p = folder.resolve("big.onnx");
    Files.write(p, m.toByteArray());
    return p;
  }

  private static ValueInfoProto bytesInput(String name) {
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(2))).build();
  }
}
