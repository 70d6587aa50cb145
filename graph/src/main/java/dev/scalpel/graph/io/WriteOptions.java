package dev.scalpel.graph.io;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link OnnxWriter} lays out tensor data. Immutable; start from {@link #defaults()}.
 *
 * @param layout where initializer data goes
 * @param dataFileName external data file name relative to the model's folder; null means the
 *     model file's name plus {@code .data}
 * @param sizeThreshold with {@link Layout#EXTERNAL}, initializers smaller than this stay inline
 * @param filePerTensor with external data, one file per tensor instead of one shared file
 * @param inputFiles model files the written model was read from: neither they nor the data files
 *     they read may be replaced by the write unless {@code replaceInputs}
 * @param replaceInputs whether the write may replace its inputs: the {@code inputFiles}, their data
 *     files and the data files the model being written reads (which it still reads correctly, since
 *     every read goes through a file opened before the write and outputs are renamed into place)
 * @param durable whether the written files and their folders are synced to the storage device
 *     before and after they are renamed into place (the default), so that even a power loss right
 *     after the write leaves the old or the new model. Without it a killed process still leaves
 *     the old or the new model (files are staged and renamed in order), but a power loss may lose
 *     the write; what ONNX Runtime's and onnx's writers do, for speed on small models.
 */
public record WriteOptions(Layout layout, String dataFileName, long sizeThreshold, boolean filePerTensor,
    Set<Path> inputFiles, boolean replaceInputs, boolean durable) {

  /** Where initializer data is written. */
  public enum Layout {
    /**
     * Each tensor stays where it was (external tensors go to the data file); when the inline data
     * would break protobuf's 2 GiB limit, initializers of at least {@code sizeThreshold} bytes are
     * moved to external data.
     */
    KEEP,
    /** Everything inline; refused when the model would exceed 2 GiB. */
    INLINE,
    /** Initializers of at least {@code sizeThreshold} bytes go to external data. */
    EXTERNAL
  }

  /** Alignment of each tensor's offset in a data file, so that it can be mapped. */
  public static final int ALIGNMENT = 4096;

  public WriteOptions {
    Objects.requireNonNull(layout, "layout");
    if (sizeThreshold < 0) {
      throw new IllegalArgumentException("sizeThreshold must not be negative");
    }
    if (dataFileName != null) {
      ExternalDataNames.requireSafe(dataFileName);
    }
    inputFiles = Set.copyOf(inputFiles);
  }

  public static WriteOptions defaults() {
    return new WriteOptions(Layout.KEEP, null, 1024, false, Set.of(), false, true);
  }

  public WriteOptions withLayout(Layout newLayout) {
    return new WriteOptions(newLayout, dataFileName, sizeThreshold, filePerTensor, inputFiles, replaceInputs, durable);
  }

  public WriteOptions withDataFileName(String name) {
    return new WriteOptions(layout, name, sizeThreshold, filePerTensor, inputFiles, replaceInputs, durable);
  }

  public WriteOptions withSizeThreshold(long bytes) {
    return new WriteOptions(layout, dataFileName, bytes, filePerTensor, inputFiles, replaceInputs, durable);
  }

  public WriteOptions withFilePerTensor(boolean perTensor) {
    return new WriteOptions(layout, dataFileName, sizeThreshold, perTensor, inputFiles, replaceInputs, durable);
  }

  /** Also protects {@code modelFile} (a model the written one was read from) and its data files. */
  public WriteOptions withInputFile(Path modelFile) {
    Set<Path> files = new LinkedHashSet<>(inputFiles);
    files.add(modelFile.toAbsolutePath());
    return new WriteOptions(layout, dataFileName, sizeThreshold, filePerTensor, files, replaceInputs, durable);
  }

  public WriteOptions withReplaceInputs(boolean replace) {
    return new WriteOptions(layout, dataFileName, sizeThreshold, filePerTensor, inputFiles, replace, durable);
  }

  /** See {@link #durable}: false skips the syncs, keeping the staging and renaming. */
  public WriteOptions withDurable(boolean sync) {
    return new WriteOptions(layout, dataFileName, sizeThreshold, filePerTensor, inputFiles, replaceInputs, sync);
  }
}
