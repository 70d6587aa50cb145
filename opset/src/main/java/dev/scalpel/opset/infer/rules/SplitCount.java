package dev.scalpel.opset.infer.rules;

import java.util.List;
import java.util.Optional;

/**
 * How many substrings StringSplit makes of the longest split of a constant input, as the ONNX spec
 * (Python's {@code str.split}) says: on a delimiter, one more than its non-overlapping occurrences
 * from the left; on whitespace (no or an empty delimiter), the runs of non-whitespace; at most
 * {@code maxsplit + 1} either way.
 */
final class SplitCount {
  private SplitCount() {}

  /**
   * The largest count over {@code strings} (UTF-8); empty where it cannot be told for sure: no
   * strings, a largest count of 0 (how the padding dim is sized then is not pinned down), or a
   * whitespace split of text beyond ASCII (Python's whitespace includes Unicode spaces).
   *
   * @param delimiter the delimiter's UTF-8 bytes, empty for whitespace
   * @param maxsplit the most splits, negative for no limit
   */
  static Optional<Long> longest(List<byte[]> strings, byte[] delimiter, long maxsplit) {
    long longest = 0;
    for (byte[] s : strings) {
      long count;
      if (delimiter.length == 0) {
        Optional<Long> runs = whitespaceRuns(s);
        if (runs.isEmpty()) {
          return Optional.empty();
        }
        count = runs.get();
      } else {
        count = occurrences(s, delimiter) + 1;
      }
      if (maxsplit >= 0) {
        count = Math.min(count, maxsplit + 1);
      }
      longest = Math.max(longest, count);
    }
    return longest == 0 ? Optional.empty() : Optional.of(longest);
  }

  private static long occurrences(byte[] s, byte[] d) {
    long n = 0;
    for (int i = 0; i + d.length <= s.length; ) {
      if (regionMatches(s, i, d)) {
        n++;
        i += d.length;
      } else {
        i++;
      }
    }
    return n;
  }

  private static boolean regionMatches(byte[] s, int at, byte[] d) {
    for (int k = 0; k < d.length; k++) {
      if (s[at + k] != d[k]) {
        return false;
      }
    }
    return true;
  }

  /** The runs of non-whitespace; empty for a string with a byte beyond ASCII. */
  private static Optional<Long> whitespaceRuns(byte[] s) {
    long runs = 0;
    boolean inRun = false;
    for (byte b : s) {
      if (b < 0) {
        return Optional.empty();
      }
      // NOTE: Python's str.isspace over ASCII: \t \n \v \f \r, the separators 0x1c-0x1f, space.
      boolean space = (b >= 9 && b <= 13) || (b >= 28 && b <= 32);
      if (!space && !inRun) {
        runs++;
      }
      inRun = !space;
    }
    return Optional.of(runs);
  }
}
