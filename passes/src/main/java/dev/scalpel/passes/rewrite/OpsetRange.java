package dev.scalpel.passes.rewrite;

/** The opset versions (of the root op's domain) a rule was checked against, both ends included. */
public record OpsetRange(long first, long last) {
  public OpsetRange {
    if (first > last) {
      throw new IllegalArgumentException("empty opset range " + first + ".." + last);
    }
  }

  public static OpsetRange of(long first, long last) {
    return new OpsetRange(first, last);
  }

  public boolean contains(long version) {
    return version >= first && version <= last;
  }

  @Override
  public String toString() {
    return first + ".." + last;
  }
}
