package dev.scalpel.runtime;

import java.util.Locale;

/** Which side of a comparison a model is on; used in messages and exceptions. */
public enum ModelRole {
  ORIGINAL,
  REWRITTEN;

  /** Lower-case name for messages: {@code original}, {@code rewritten}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
