package dev.scalpel.cli;

import picocli.CommandLine.TypeConversionException;

/**
 * Two finite numbers written {@code A:B}, as in {@code --float-range -1:1} and {@code --tolerance
 * logits=1e-4:1e-3}. Parse errors are {@link TypeConversionException}s, so picocli reports them as
 * usage errors naming the option.
 */
record NumberPair(double first, double second) {

  /** Parses {@code A:B}; {@code what} names the two parts in messages ({@code "LO:HI"}). */
  static NumberPair parse(String text, String what) {
    int colon = text.indexOf(':');
    if (colon < 0 || colon != text.lastIndexOf(':')) {
      throw new TypeConversionException("expected " + what + ", got '" + text + "'");
    }
    return new NumberPair(number(text.substring(0, colon), text, what),
        number(text.substring(colon + 1), text, what));
  }

  /**
   * Splits {@code NAME=REST} at the last {@code =}. NOTE: the last, because a number never
   * contains {@code =} but a tensor name may.
   */
  static String[] splitName(String text, String what) {
    int eq = text.lastIndexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new TypeConversionException("expected " + what + ", got '" + text + "'");
    }
    return new String[] {text.substring(0, eq), text.substring(eq + 1)};
  }

  private static double number(String part, String text, String what) {
    try {
      double v = Double.parseDouble(part.trim());
      if (Double.isFinite(v) && !part.trim().matches(".*[dDfFxX].*")) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TypeConversionException("'" + part + "' in '" + text + "' is not a number (expected " + what + ")");
  }
}
