package dev.scalpel.graph.io;

import java.util.HashSet;
import java.util.Set;

/** Names of external data files that Scalpel writes: relative, inside the model's folder, unique. */
final class ExternalDataNames {
  private ExternalDataNames() {}

  /** Rejects a data file name a reader would refuse: absolute, with {@code ..}, or with folders. */
  static void requireSafe(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
        || name.equals("..") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "external data file name '" + name + "' must be a plain file name in the model's folder");
    }
  }

  /** A file name for {@code tensorName}'s data, unique among {@code taken}. */
  static String forTensor(String tensorName, Set<String> taken) {
    StringBuilder sb = new StringBuilder();
    for (char c : tensorName.toCharArray()) {
      sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '-' ? c : '_');
    }
    String base = sb.length() == 0 ? "tensor" : sb.toString();
    String candidate = base + ".bin";
    for (int i = 1; !taken.add(candidate.toLowerCase()); i++) {
      candidate = base + "_" + i + ".bin";
    }
    return candidate;
  }

  static Set<String> newTakenSet() {
    return new HashSet<>();
  }
}
