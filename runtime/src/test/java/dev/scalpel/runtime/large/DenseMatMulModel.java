package dev.scalpel.runtime.large;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.proto.OnnxProto;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * {@code y = MatMul(Identity(x), W)} with a dense 512 MiB FLOAT weight {@code W[8192, 16384]} of
 * seeded random values in external data: every run touches every weight page, so the peak RSS of
 * a check shows what ONNX Runtime keeps of the weights (README "Memory plan"). Not used by tests
 * (it writes 1 GiB); run its main for whole-process measurements.
 */
public final class DenseMatMulModel {
  private static final long K = 8192;
  private static final long N = 16384;

  private DenseMatMulModel() {}

  /** Writes {@code mm.onnx} and its data file into folder {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Path raw = dir.resolve("w.raw");
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
      FileChannel ch = f.getChannel();
      ByteBuffer b = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      Random random = new Random(1);
      for (long off = 0; off < K * N * 4; off += b.capacity()) {
        b.clear();
        while (b.hasRemaining()) {
          b.putFloat(random.nextFloat() - 0.5f);
        }
        b.flip();
        ch.write(b, off);
      }
    }
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, K));
    byte[] descriptor = OnnxProto.TensorProto.newBuilder().addDims(K).addDims(N)
        .setDataType(DataType.FLOAT.code()).setName("W").build().toByteArray();
    Value w = g.initializer("W", new ExternalTensor("W", DataType.FLOAT, new long[] {K, N}, raw, "w.raw", 0, K * N * 4,
        Unmodeled.ofEncoding(descriptor)));
    Value y = g.op("MatMul", g.op("Identity", x), w);
    y.setName("y");
    g.output(y);
    OnnxWriter.write(g.model(), dir.resolve("mm.onnx"));
    Files.delete(raw);
    System.out.println(dir.resolve("mm.onnx"));
  }
}
