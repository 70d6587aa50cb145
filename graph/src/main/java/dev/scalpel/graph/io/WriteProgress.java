package dev.scalpel.graph.io;

/**
 * What {@link OnnxWriter} reports while it writes external data files, for progress displays. It
 * is called on the writing thread after each chunk (at most 1 MiB), so it must be cheap; the
 * caller throttles what it shows.
 */
@FunctionalInterface
public interface WriteProgress {
  /** Reports nothing. */
  WriteProgress NONE = (done, total) -> { };

  /**
   * @param done bytes of the data files written so far (zero runs left as holes count as written)
   * @param total bytes the data files of this write will hold, at least {@code done}
   */
  void dataWritten(long done, long total);
}
