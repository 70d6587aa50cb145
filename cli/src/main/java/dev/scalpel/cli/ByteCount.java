package dev.scalpel.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Byte counts as people write them: {@link #parse} reads {@code 4096}, {@code 64k}, {@code 1M},
 * {@code 2GiB} (binary multiples, case-insensitive), {@link #format} writes {@code 97.5 MiB}.
 */
public final class ByteCount {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ByteCount() {}

  /** @throws NumberFormatException if {@code text} is not a non-negative byte count */
  static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int shift = 0;
    for (String[] unit : new String[][] {{"kib", "kb", "k"}, {"mib", "mb", "m"}, {"gib", "gb", "g"}, {"tib", "tb", "t"}}) {
      shift += 10;
      for (String suffix : unit) {
        if (s.endsWith(suffix)) {
          return scaled(s.substring(0, s.length() - suffix.length()).trim(), shift, text);
        }
      }
    }
    return scaled(s.endsWith("b") ? s.substring(0, s.length() - 1).trim() : s, 0, text);
  }

  private static long scaled(String digits, int shift, String original) {
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new NumberFormatException("'" + original + "' is not a byte count (examples: 4096, 64k, 1M)");
    }
    if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
      throw new NumberFormatException("'" + original + "' is out of range");
    }
    return n << shift;
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 97.5 MiB}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
  }

  /** Lets picocli options take byte counts. */
  static final class Converter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
