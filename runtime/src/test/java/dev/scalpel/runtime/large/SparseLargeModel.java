package dev.scalpel.runtime.large;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model whose one weight is a 3 GiB FLOAT matrix in external data, stored as a sparse file (a
 * few rows written, the rest holes), so that it costs almost no disk: {@code y = Gather(W,
 * Identity(ids))}. Simplify removes the Identity; validating it touches only the gathered rows.
 *
 * <p>Row {@code r} of the written rows holds {@code r + 1} in every element; all other rows are 0.
 */
public final class SparseLargeModel {
  /** Columns of W: one 4 KiB page per row. */
  public static final long COLUMNS = 1024;
  /** Rows of W: 3 GiB in all, beyond protobuf's 2 GiB. */
  public static final long ROWS = (3L << 30) / (COLUMNS * 4);
  /** Indices gathered per run. */
  public static final long IDS = 4;
  /** Rows with data (the rest are holes). */
  public static final int WRITTEN_ROWS = 16;

  private SparseLargeModel() {}

  /** Writes the model into folder {@code args[0]} (for whole-process measurements of the CLI). */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    Files.createDirectories(folder);
    System.out.println(write(folder));
  }

  /** Writes {@code big.onnx} and its data file into {@code folder}; returns the model file. */
  public static Path write(Path folder) throws IOException {
    Path raw = folder.resolve("weights.raw");
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
      f.setLength(ROWS * COLUMNS * 4);
      FileChannel ch = f.getChannel();
      ByteBuffer row = ByteBuffer.allocate((int) COLUMNS * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int r = 0; r < WRITTEN_ROWS; r++) {
        row.clear();
        for (int c = 0; c < COLUMNS; c++) {
          row.putFloat(r + 1);
        }
        row.flip();
        ch.write(row, r * COLUMNS * 4);
      }
    }
    GraphBuilder b = GraphBuilder.create(17);
    Value ids = b.input("ids", DataType.INT64, Shape.of(IDS));
    Value w = b.initializer("W", new ExternalTensor("W", DataType.FLOAT, new long[] {ROWS, COLUMNS}, raw,
        "weights.raw", 0, ROWS * COLUMNS * 4,
        Unmodeled.ofEncoding(dev.scalpel.graph.io.proto.OnnxProto.TensorProto.newBuilder()
            .addDims(ROWS).addDims(COLUMNS).setDataType(DataType.FLOAT.code()).setName("W").build().toByteArray())));
    Value y = b.op("Gather", w, b.op("Identity", ids));
    y.setName("y");
    b.output(y);
    Model model = b.model();
    Path file = folder.resolve("big.onnx");
    OnnxWriter.write(model, file);
    Files.delete(raw);
    return file;
  }
}
