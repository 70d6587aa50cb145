package dev.scalpel.graph.io;

import com.google.protobuf.CodedOutputStream;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes models from the IR.
 *
 * <p>Writes to a path are atomic, and a model and its data files are replaced together: each file is
 * written to a temporary file beside its target ({@link StagedFiles}) and made durable; the data
 * files are renamed into place first, under names the model being replaced does not read ({@link
 * ExistingOutput}: {@code OUT.data} or, while the old model reads that name, {@code OUT.1.data}),
 * then the folder is made durable and the model renamed last; only then are the old model's data
 * files deleted. A kill at any point leaves the old model with its own data or the new model with
 * its own data, never one with the other's. Temporary files of a killed run are removed by the
 * next write of the same output.
 *
 * <p>Files the model was read from are not replaced unless {@link WriteOptions#replaceInputs()}
 * ({@link InputProtection}); tensors are read through the files opened when the model was read,
 * never reopened by path. Data files are written with every tensor at a 4096-aligned offset; runs
 * of zero bytes become holes, so sparse weights stay sparse on disk.
 *
 * <p>Every write first checks the graph ({@link #requireWritable}): a cyclic graph, a node reading a
 * value nothing defines, or a graph output nothing defines is refused with an {@link
 * InvalidModelException} naming the rule, graph and node, so no file is made that ONNX Runtime
 * would refuse to load; graphs that are acyclic but out of order are sorted first.
 */
public final class OnnxWriter {
  private static final int CHUNK = 1 << 20;

  private OnnxWriter() {}

  /** What a write produced. */
  public record WriteReport(Path model, long modelBytes, Map<Path, Long> dataFiles) {}

  public static WriteReport write(Model model, Path file) throws IOException {
    return write(model, file, WriteOptions.defaults());
  }

  /**
   * Writes {@code model} to {@code file} (replacing it if it exists), with data files beside it as
   * {@code options} say, and then deletes the data files the replaced model read.
   *
   * @throws ModelTooLargeException if the inline data would exceed 2 GiB
   * @throws InputReplacementException if a file to write is one the model was read from
   * @throws IOException if writing fails
   */
  public static WriteReport write(Model model, Path file, WriteOptions options) throws IOException {
    return write(model, file, options, WriteProgress.NONE);
  }

  /** {@link #write(Model, Path, WriteOptions)}, telling {@code progress} how much data is written. */
  public static WriteReport write(Model model, Path file, WriteOptions options, WriteProgress progress)
      throws IOException {
    Path target = file.toAbsolutePath();
    ExistingOutput existing = ExistingOutput.at(target);
    WriteReport report = writeFor(model, target, target, existing, options, progress);
    existing.deleteReplaced(model, report, options);
    return report;
  }

  /**
   * Writes {@code model} to {@code file} (in a staging folder) as it will be moved to {@code
   * finalTarget} later: data file names avoid those that {@code replaced} (the model now at {@code
   * finalTarget}) reads, and the input files are checked against the final paths. The caller moves
   * data files first and the model last, then calls {@link ExistingOutput#deleteReplaced}.
   */
  public static WriteReport writeFor(Model model, Path file, Path finalTarget, ExistingOutput replaced, WriteOptions options)
      throws IOException {
    return writeFor(model, file, finalTarget, replaced, options, WriteProgress.NONE);
  }

  /** {@link #writeFor(Model, Path, Path, ExistingOutput, WriteOptions)} reporting data bytes to {@code progress}. */
  public static WriteReport writeFor(Model model, Path file, Path finalTarget, ExistingOutput replaced, WriteOptions options,
      WriteProgress progress) throws IOException {
    requireWritable(model);
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    Path finalPath = finalTarget.toAbsolutePath();
    StagedFiles.removeStale(finalPath.getParent(), finalPath.getFileName().toString());
    ExternalDataPlan plan = ExternalDataPlan.create(model, options, finalPath, replaced.names());
    List<Path> finalFiles = new ArrayList<>();
    finalFiles.add(finalPath);
    for (String name : plan.files().keySet()) {
      finalFiles.add(finalPath.resolveSibling(name));
    }
    InputProtection.of(model, options).check(finalFiles, options);
    ProtoExporter exporter = new ProtoExporter(plan);
    ModelProto proto = exporter.exportModel(model);
    List<SegmentedEncoder.Segment> encoding = SegmentedEncoder.encode(proto, exporter.sourceRegions());

    boolean folderExisted = Files.isDirectory(folder);
    if (!folderExisted) {
      Files.createDirectories(folder);
    }
    try {
      return writeStaged(encoding, plan, target, finalPath, options.durable(), progress);
    } catch (IOException e) {
      if (!folderExisted) {
        deleteIfEmpty(folder);
      }
      throw StagedFiles.namingTarget(e, finalPath);
    } catch (RuntimeException e) {
      if (!folderExisted) {
        deleteIfEmpty(folder);
      }
      throw e;
    }
  }

  private static void deleteIfEmpty(Path folder) {
    try {
      Files.deleteIfExists(folder);
    } catch (IOException ignored) {
      // NOTE: not empty (or not ours to delete): leave it.
    }
  }

  private static WriteReport writeStaged(List<SegmentedEncoder.Segment> encoding, ExternalDataPlan plan, Path target,
      Path finalTarget, boolean durable, WriteProgress progress) throws IOException {
    Path folder = target.getParent();
    Map<Path, Long> dataFiles = new LinkedHashMap<>();
    long total = 0;
    for (String name : plan.files().keySet()) {
      total += plan.fileSize(name);
    }
    DataCounter counter = new DataCounter(progress, total);
    try (StagedFiles staged = new StagedFiles(finalTarget, durable)) {
      for (Map.Entry<String, List<Value>> e : plan.files().entrySet()) {
        Path finalPath = folder.resolve(e.getKey());
        try (StagedFiles.Staged temp = staged.open(finalPath)) {
          writeDataFile(temp.channel(), e.getValue(), plan, plan.fileSize(e.getKey()), counter);
        }
        dataFiles.put(finalPath, plan.fileSize(e.getKey()));
        counter.fileDone(plan.fileSize(e.getKey()));
      }
      long modelBytes;
      try (StagedFiles.Staged temp = staged.open(target)) {
        SegmentedEncoder.writeTo(encoding, temp.channel());
        modelBytes = temp.channel().size();
      }
      staged.commit();
      return new WriteReport(target, modelBytes, dataFiles);
    }
  }

  /**
   * Writes {@code model} to a stream with all data inline (external tensors are read into the
   * message).
   *
   * @throws ModelTooLargeException if the data would exceed 2 GiB
   */
  public static void write(Model model, OutputStream out) throws IOException {
    requireWritable(model);
    ModelProto proto = new ProtoExporter(ExternalDataPlan.inlineOnly(model)).exportModel(model);
    CodedOutputStream cos = CodedOutputStream.newInstance(out, 1 << 16);
    proto.writeTo(cos);
    cos.flush();
  }

  /** The model as bytes, all data inline. */
  public static byte[] toBytes(Model model) {
    requireWritable(model);
    return new ProtoExporter(ExternalDataPlan.inlineOnly(model)).exportModel(model).toByteArray();
  }

  /**
   * Refuses a model whose graphs are cyclic or read values nothing defines (the {@link
   * GraphVerifier} rules {@link #REFUSED}), and sorts graphs that are merely out of order.
   *
   * <p>NOTE: sorting changes the order of the model's nodes in place (it fires no event: the
   * meaning is unchanged); the ONNX IR requires a topological order, and onnx-graphsurgeon's
   * exporter sorts too. The other verifier rules (undeclared domains, duplicate node names, ...)
   * are left to the reader's admission: a file that has them round-trips as it was read.
   *
   * @throws InvalidModelException naming the first refused finding, and how many more there are
   */
  public static void requireWritable(Model model) {
    List<Finding> findings = GraphVerifier.verify(model);
    List<Finding> refused = findings.stream().filter(f -> REFUSED.stream().anyMatch(r -> r.matches(f))).toList();
    if (!refused.isEmpty()) {
      throw new InvalidModelException("refusing to write the model: " + refused.get(0).toString().replaceFirst("^error ", "")
          + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more)" : ""));
    }
    if (findings.stream().anyMatch(GraphVerifier.Rule.NOT_TOPOLOGICAL::matches)) {
      TopologicalOrder.sort(model.graph());
      for (Function f : model.functions()) {
        TopologicalOrder.sort(f.body());
      }
    }
  }

  /** The verifier rules that keep a model from being written: its file could not be loaded. */
  private static final Set<GraphVerifier.Rule> REFUSED = Set.of(GraphVerifier.Rule.CYCLE,
      GraphVerifier.Rule.DANGLING_USE, GraphVerifier.Rule.UNPRODUCED_OUTPUT);

  /**
   * Writes one data file's tensors at their planned offsets (the encoded model itself goes
   * through {@link SegmentedEncoder#writeTo}: small parts with gathering writes, large unchanged
   * tensors copied file to file by the kernel).
   */
  private static void writeDataFile(FileChannel out, List<Value> values, ExternalDataPlan plan, long size, DataCounter counter)
      throws IOException {
    ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    for (Value v : values) {
      ExternalDataPlan.Placement p = plan.placement(v);
      Tensor t = v.initializer().orElseThrow();
      if (t instanceof ExternalTensor ext) {
        copyRegion(ext, out, p.offset(), chunk, zeros, counter);
      } else {
        writeSparse(t.data(), out, p.offset(), zeros, counter);
      }
    }
    if (out.size() < size) {
      // The file ends in a hole: give it its full length.
      out.write(ByteBuffer.allocate(1), size - 1);
    }
  }

  /** Copies an external tensor's region through a reusable buffer, leaving holes for zero chunks. */
  private static void copyRegion(ExternalTensor ext, FileChannel out, long offset, ByteBuffer chunk, ByteBuffer zeros,
      DataCounter counter) throws IOException {
    long done = 0;
    while (done < ext.length()) {
      chunk.clear();
      int n = ext.read(chunk, done);
      if (n <= 0) {
        throw new IOException("external data of tensor '" + ext.name() + "' ended early in " + ext.file());
      }
      chunk.flip();
      writeSparse(chunk, out, offset + done, zeros, counter);
      done += n;
    }
  }

  private static void writeSparse(ByteBuffer data, FileChannel out, long position, ByteBuffer zeros, DataCounter counter)
      throws IOException {
    ByteBuffer src = data.duplicate();
    long pos = position;
    while (src.hasRemaining()) {
      int len = Math.min(CHUNK, src.remaining());
      ByteBuffer piece = src.slice();
      piece.limit(len);
      ByteBuffer zeroView = zeros.duplicate();
      zeroView.limit(len);
      if (piece.mismatch(zeroView) != -1) {
        while (piece.hasRemaining()) {
          pos += out.write(piece, pos);
        }
      } else {
        pos += len;
      }
      src.position(src.position() + len);
      counter.add(len);
    }
  }

  /**
   * The data bytes written so far over all data files of one write. Alignment padding between
   * tensors is counted when a file is done, so that the count reaches the total exactly.
   */
  private static final class DataCounter {
    private final WriteProgress progress;
    private final long total;
    private long done;
    private long filesBefore;

    DataCounter(WriteProgress progress, long total) {
      this.progress = progress;
      this.total = total;
    }

    void add(long bytes) {
      done += bytes;
      progress.dataWritten(Math.min(done, total), total);
    }

    void fileDone(long fileSize) {
      filesBefore += fileSize;
      done = filesBefore;
      progress.dataWritten(Math.min(done, total), total);
    }
  }
}
