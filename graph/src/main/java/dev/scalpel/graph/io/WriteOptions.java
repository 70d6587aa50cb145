package dev.scalpel.graph.io;

import java.util.Objects;

/**
 * How {@link OnnxWriter} lays out tensor data. Immutable; start from {@link #defaults()}.
 *
 * @param layout where initializer data goes
 * @param dataFileName external data file name relative to the model's folder; null means the
 *     model file's name plus {@code .data}
 * @param sizeThreshold with {@link Layout#EXTERNAL}, initializers smaller than this stay inline
 * @param filePerTensor with external data, one file per tensor instead of one shared file
 */
public record WriteOptions(Layout layout, String dataFileName, long sizeThreshold, boolean filePerTensor) {

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
  }

  public static WriteOptions defaults() {
    return new WriteOptions(Layout.KEEP, null, 1024, false);
  }

  public WriteOptions withLayout(Layout newLayout) {
    return new WriteOptions(newLayout, dataFileName, sizeThreshold, filePerTensor);
  }

  public WriteOptions withDataFileName(String name) {
    return new WriteOptions(layout, name, sizeThreshold, filePerTensor);
  }

  public WriteOptions withSizeThreshold(long bytes) {
    return new WriteOptions(layout, dataFileName, bytes, filePerTensor);
  }

  public WriteOptions withFilePerTensor(boolean perTensor) {
    return new WriteOptions(layout, dataFileName, sizeThreshold, perTensor);
  }
}
