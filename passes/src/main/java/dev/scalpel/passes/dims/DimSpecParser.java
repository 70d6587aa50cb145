package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the dim specifications of the command line. Every mistake is a {@link DimSpecException}
 * whose message quotes the text and says what was expected.
 *
 * <ul>
 *   <li>shape: {@code INPUT=D0xD1x...} or {@code INPUT=D0,D1,...} (use commas when a symbol
 *       contains an {@code x}); each dim is a size ({@code 224}), {@code ?} for unknown, or a
 *       symbol ({@code batch});
 *   <li>dim: {@code INPUT:AXIS=D} with a dim as above;
 *   <li>rename: {@code OLD=NEW}, both symbols.
 * </ul>
 *
 * <p>The input name is everything before the last {@code =} (and, for a dim, before the last
 * {@code :} of that part), so names with {@code :} or {@code /} work.
 */
public final class DimSpecParser {
  /** What a symbol may look like: a letter or underscore, then letters, digits, {@code _ . -}. */
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private DimSpecParser() {}

  /** Parses {@code INPUT=1x3x224x224}. */
  public static InputShape shape(String text) {
    int eq = text.lastIndexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new DimSpecException("expected INPUT=D0xD1x... (such as x=1x3x224x224), got '" + text + "'");
    }
    return new InputShape(text.substring(0, eq), dims(text.substring(eq + 1), text));
  }

  /**
   * Parses a list of dims, {@code D0xD1x...} or {@code D0,D1,...} (commas when a symbol contains
   * an {@code x}); {@code whole} is the text to quote in messages.
   */
  public static List<Dim> dims(String dimsText, String whole) {
    String[] parts = dimsText.contains(",") ? dimsText.split(",", -1) : dimsText.split("x", -1);
    List<Dim> dims = new ArrayList<>(parts.length);
    for (String p : parts) {
      dims.add(dim(p.trim(), whole));
    }
    return dims;
  }

  /** Parses {@code INPUT:AXIS=D}. */
  public static DimChange dimChange(String text) {
    int eq = text.lastIndexOf('=');
    int colon = eq < 0 ? -1 : text.lastIndexOf(':', eq);
    if (eq < 0 || colon <= 0 || colon == eq - 1 || eq == text.length() - 1) {
      throw new DimSpecException("expected INPUT:AXIS=DIM (such as x:0=batch), got '" + text + "'");
    }
    int axis;
    try {
      axis = Integer.parseInt(text.substring(colon + 1, eq).trim());
    } catch (NumberFormatException e) {
      throw new DimSpecException("axis '" + text.substring(colon + 1, eq) + "' in '" + text + "' is not an integer");
    }
    return new DimChange(text.substring(0, colon), axis, dim(text.substring(eq + 1).trim(), text));
  }

  /** Parses {@code OLD=NEW}. */
  public static Map.Entry<String, String> rename(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new DimSpecException("expected OLD=NEW (such as N=batch), got '" + text + "'");
    }
    String from = text.substring(0, eq).trim();
    String to = text.substring(eq + 1).trim();
    requireSymbol(from, text);
    requireSymbol(to, text);
    return Map.entry(from, to);
  }

  /** One dim: a size, {@code ?}, or a symbol; {@code whole} is the text to quote in messages. */
  public static Dim dim(String token, String whole) {
    if (token.equals("?")) {
      return Dim.unknown();
    }
    if (!token.isEmpty() && (Character.isDigit(token.charAt(0)) || token.charAt(0) == '-')) {
      long v;
      try {
        v = Long.parseLong(token);
      } catch (NumberFormatException e) {
        throw new DimSpecException("'" + token + "' in '" + whole + "' is neither a size nor a symbol");
      }
      if (v < 0) {
        throw new DimSpecException("dim " + v + " in '" + whole + "' is negative; use ? or a symbol for a dynamic dim");
      }
      if (v == 0) {
        // NOTE: a zero-sized dim makes every tensor that carries it empty: the model would be
        // "validated" on no data at all. --dims refuses 0 for the same reason.
        throw new DimSpecException("dim 0 in '" + whole + "' is zero-sized; give a size of at least 1");
      }
      return Dim.of(v);
    }
    requireSymbol(token, whole);
    return Dim.of(token);
  }

  private static void requireSymbol(String token, String whole) {
    if (!SYMBOL.matcher(token).matches()) {
      throw new DimSpecException(token.isEmpty() ? "empty dim in '" + whole + "'"
          : "'" + token + "' in '" + whole + "' is not a size, ? or a symbol (letters, digits, _ . -)");
    }
  }
}
