package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.infer.InferenceContext;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How many words of a constant StringNormalizer input survive its stopwords: matched exactly
 * with {@code is_case_sensitive}, else ignoring case.
 */
final class StopwordCount {
  private StopwordCount() {}

  /**
   * The number of {@code words} not among the node's stopwords; empty where it cannot be told
   * for sure: a case-insensitive match involving text beyond ASCII, whose case folding depends
   * on the locale.
   */
  static Optional<Long> kept(List<byte[]> words, InferenceContext ctx) {
    boolean caseSensitive = ctx.intAttribute("is_case_sensitive", 0) != 0;
    List<String> stopwords = ctx.attribute("stopwords").map(a -> a.asStrings()).orElse(List.of());
    Set<String> stop = new HashSet<>();
    for (String w : stopwords) {
      if (!caseSensitive && !isAscii(w)) {
        return Optional.empty();
      }
      stop.add(caseSensitive ? w : w.toLowerCase(Locale.ROOT));
    }
    long kept = 0;
    for (byte[] bytes : words) {
      String w = new String(bytes, StandardCharsets.UTF_8);
      if (!caseSensitive && !isAscii(w)) {
        return Optional.empty();
      }
      if (!stop.contains(caseSensitive ? w : w.toLowerCase(Locale.ROOT))) {
        kept++;
      }
    }
    return Optional.of(kept);
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 128);
  }
}
