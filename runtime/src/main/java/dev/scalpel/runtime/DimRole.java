package dev.scalpel.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a dynamic dim probably measures, guessed from its name ({@code batch}, {@code height},
 * {@code num_samples}, {@code seq_len}), and so which larger sizes {@link DimPlanner} tries for it
 * once the small ones of its ladder have failed: images need sizes such as 224 or 640, audio
 * encoders thousands of samples, while a batch need not grow at all.
 */
enum DimRole {
  /** How many independent items: never needs to be large. */
  BATCH(List.of()),
  /** Image height or width. */
  SPATIAL(List.of(List.of(64L, 96L), List.of(224L, 320L), List.of(384L, 640L))),
  /** Audio samples. */
  AUDIO(List.of(List.of(400L, 640L), List.of(1600L, 3200L), List.of(16000L, 32000L))),
  /** Tokens, frames, time steps. */
  SEQUENCE(List.of(List.of(128L, 192L), List.of(512L, 768L))),
  /** Nothing recognisable. */
  OTHER(List.of(List.of(128L, 192L), List.of(512L, 768L), List.of(2048L, 3072L)));

  private static final Set<String> BATCH_WORDS = Set.of("n", "b", "bs", "bsz", "batch");
  private static final Set<String> SPATIAL_WORDS = Set.of("h", "w", "height", "width", "image", "img", "size", "resolution", "y", "x");
  private static final List<String> AUDIO_PARTS = List.of("sample", "audio", "wav", "pcm", "signal");
  private static final List<String> SEQUENCE_PARTS = List.of("seq", "token", "len", "time", "frame", "step", "position", "past", "context");

  /** Rungs (pairs of sizes, small first) to try after the ladder. */
  private final List<List<Long>> largerRungs;

  DimRole(List<List<Long>> largerRungs) {
    this.largerRungs = largerRungs;
  }

  List<List<Long>> largerRungs() {
    return largerRungs;
  }

  /** The role a dim named {@code symbol} probably has. */
  static DimRole of(String symbol) {
    String lower = symbol.toLowerCase(Locale.ROOT);
    if (AUDIO_PARTS.stream().anyMatch(lower::contains)) {
      return AUDIO;
    }
    List<String> words = List.of(lower.split("[^a-z]+"));
    if (lower.contains("batch") || words.stream().anyMatch(BATCH_WORDS::contains)) {
      return BATCH;
    }
    if (lower.contains("height") || lower.contains("width") || words.stream().anyMatch(SPATIAL_WORDS::contains)) {
      return SPATIAL;
    }
    if (SEQUENCE_PARTS.stream().anyMatch(lower::contains)) {
      return SEQUENCE;
    }
    return OTHER;
  }
}
