package dev.scalpel.graph.io;

import dev.scalpel.graph.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link KillDuringWriteTest}: writes model {@link #version(int) 1} and
 * {@link #version(int) 2} alternately over {@code args[0]}, each with its three tensors in three
 * data files (what {@code scalpel convert --external --data-file-per-tensor} writes), until it is
 * killed; with {@code args[1]} = {@code not-durable}, without syncing (see {@link
 * WriteOptions#durable}). Prints {@link #READY} once its classes are loaded.
 */
public final class KillableWriter {
  static final String READY = "writing";

  /** Tensor sizes: large enough that a write takes a few milliseconds. */
  private static final int[] SIZES = {1 << 20, 3 << 19, 1 << 19};

  private KillableWriter() {}

  /** Version {@code v} of the model: tensors w0, w1, w2 with contents that differ per version. */
  static Model version(int v) {
    return SampleModels.chain(List.of(
        SampleModels.bytes("w0", SIZES[0], 10 * v), SampleModels.bytes("w1", SIZES[1], 10 * v + 1),
        SampleModels.bytes("w2", SIZES[2], 10 * v + 2)));
  }

  static WriteOptions options() {
    return WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL).withFilePerTensor(true);
  }

  /** {@link #options()}, durable or not (see {@link WriteOptions#durable}). */
  static WriteOptions options(boolean durable) {
    return options().withDurable(durable);
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    boolean durable = args.length < 2 || !args[1].equals("not-durable");
    Model[] versions = {version(1), version(2)};
    // Load and compile the write path before the parent starts its clock.
    Path warmup = Files.createTempDirectory("kill-warmup");
    OnnxWriter.write(versions[0], warmup.resolve("m.onnx"), options(durable));
    System.out.println(READY);
    System.out.flush();
    for (int i = 0; ; i++) {
      OnnxWriter.write(versions[i % 2], target, options(durable));
    }
  }
}
