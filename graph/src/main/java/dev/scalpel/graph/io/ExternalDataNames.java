package dev.scalpel.graph.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Names of external data files that Scalpel writes: relative, inside the model's folder, unique,
 * and short enough for any file system ({@value #MAX_NAME_BYTES} bytes).
 */
final class ExternalDataNames {
  /** The longest file name (in UTF-8 bytes) common file systems accept. */
  static final int MAX_NAME_BYTES = 255;

  /**
   * Longest name made from a tensor's name, leaving room for the {@code .N} that {@link
   * #alternate} inserts.
   */
  private static final int MAX_TENSOR_FILE_BYTES = 200;

  private ExternalDataNames() {}

  /**
   * Rejects a data file name a reader would refuse or a user would not mean: empty, {@code .} or
   * {@code ..}, with a path separator, with a control character (a newline, NUL), or over {@value
   * #MAX_NAME_BYTES} bytes.
   */
  static void requireSafe(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "external data file name '" + printable(name) + "' must be a plain file name in the model's folder");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("external data file name '" + printable(name)
            + "' contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("external data file name is longer than " + MAX_NAME_BYTES + " bytes");
    }
  }

  /** The name with control characters shown as {@code ?}, so a message stays on one line. */
  private static String printable(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    name.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }

  /**
   * A file name for {@code tensorName}'s data, unique among {@code taken}: the name with every
   * character other than letters, digits, {@code _} and {@code -} replaced by {@code _}, plus
   * {@code .bin}. A name over {@value #MAX_TENSOR_FILE_BYTES} bytes keeps its first characters and
   * ends in the SHA-256 of the whole tensor name, so it stays unique and within file-system limits.
   */
  static String forTensor(String tensorName, Set<String> taken) {
    StringBuilder sb = new StringBuilder();
    for (char c : tensorName.toCharArray()) {
      sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '-' ? c : '_');
    }
    String base = sb.length() == 0 ? "tensor" : sb.toString();
    if (base.getBytes(StandardCharsets.UTF_8).length + 16 > MAX_TENSOR_FILE_BYTES) {
      base = truncateUtf8(base, 64) + "-" + sha256(tensorName).substring(0, 32);
    }
    String candidate = base + ".bin";
    for (int i = 1; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
      candidate = base + "_" + i + ".bin";
    }
    return candidate;
  }

  /**
   * The first name of {@code name}, {@code name.1}, {@code name.2}, ... (the number inserted before
   * the last extension: {@code w.bin} gives {@code w.1.bin}) that is not in {@code avoid}
   * (lower-case names).
   */
  static String alternate(String name, Set<String> avoid) {
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    String candidate = name;
    for (int i = 1; avoid.contains(candidate.toLowerCase(Locale.ROOT)); i++) {
      candidate = stem + "." + i + ext;
    }
    return candidate;
  }

  static Set<String> newTakenSet() {
    return new HashSet<>();
  }

  private static String truncateUtf8(String s, int maxBytes) {
    int end = 0;
    int bytes = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      end += Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
