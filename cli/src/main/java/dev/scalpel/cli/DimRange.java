package dev.scalpel.cli;

/**
 * The range a symbolic dim takes in a TensorRT optimization profile: {@code batch=1:8:32} (min,
 * opt, max) or {@code batch=8} (fixed).
 *
 * <p>Invariants: {@code 0 <= min <= opt <= max}.
 */
public record DimRange(String symbol, long min, long opt, long max) {
  public DimRange {
    if (symbol == null || symbol.isEmpty()) {
      throw new IllegalArgumentException("a profile needs a dim name");
    }
    if (min < 0 || min > opt || opt > max) {
      throw new IllegalArgumentException("profile " + symbol + ": need 0 <= min <= opt <= max, got " + min + ":" + opt + ":" + max);
    }
  }

  /**
   * Reads {@code NAME=MIN:OPT:MAX} or {@code NAME=N}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static DimRange parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("profile '" + text + "': expected NAME=MIN:OPT:MAX, such as batch=1:8:32");
    }
    String name = text.substring(0, eq).trim();
    String[] parts = text.substring(eq + 1).split(":", -1);
    try {
      if (parts.length == 1) {
        long n = Long.parseLong(parts[0].trim());
        return new DimRange(name, n, n, n);
      }
      if (parts.length == 3) {
        return new DimRange(name, Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()), Long.parseLong(parts[2].trim()));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("profile '" + text + "': MIN, OPT and MAX must be integers");
    }
    throw new IllegalArgumentException("profile '" + text + "': expected NAME=MIN:OPT:MAX, such as batch=1:8:32");
  }
}
