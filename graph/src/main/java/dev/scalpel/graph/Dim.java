package dev.scalpel.graph;

/**
 * One dimension of a {@link Shape}: a known size, a named symbol, or unknown.
 *
 * <p>Two symbolic dims with the same name denote the same size within a model.
 */
public sealed interface Dim {

  /** A dimension of known size. A negative value can only come from a malformed file. */
  record Static(long value) implements Dim {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A dimension whose size is a named runtime value such as {@code batch}. */
  record Symbolic(String name) implements Dim {
    public Symbolic {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("a symbolic dim needs a name");
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A dimension about which nothing is known. */
  enum Unknown implements Dim {
    INSTANCE;

    @Override
    public String toString() {
      return "?";
    }
  }

  static Dim of(long value) {
    return new Static(value);
  }

  static Dim of(String symbol) {
    return new Symbolic(symbol);
  }

  static Dim unknown() {
    return Unknown.INSTANCE;
  }

  default boolean isStatic() {
    return this instanceof Static;
  }
}
