package dev.scalpel.graph;

import java.util.Arrays;

/**
 * The fields of a source protobuf message that the IR does not model (doc strings of attributes,
 * device configurations, fields of ONNX versions newer than ours, unknown fields), kept as the
 * message's encoding so that a write re-emits them unchanged.
 *
 * <p>Opaque to users. {@link #NONE} marks an element built in code; {@link #isFromSource()} tells
 * the writer whether the element came from a file (then the source decides which optional fields
 * are present) or was made fresh.
 */
public final class Unmodeled {
  /** An element built in code: nothing to carry. */
  public static final Unmodeled NONE = new Unmodeled(null);

  private static final byte[] EMPTY = new byte[0];
  private final byte[] encoding;

  private Unmodeled(byte[] encoding) {
    this.encoding = encoding;
  }

  /** Wraps the encoding of the residual message; the array is not copied and must not change. */
  public static Unmodeled ofEncoding(byte[] encoding) {
    return new Unmodeled(encoding.length == 0 ? EMPTY : encoding);
  }

  public boolean isFromSource() {
    return encoding != null;
  }

  /** The residual message's encoding; empty for {@link #NONE}. Callers must not modify it. */
  public byte[] encoding() {
    return encoding == null ? EMPTY : encoding;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unmodeled u
        && isFromSource() == u.isFromSource()
        && Arrays.equals(encoding(), u.encoding());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoding());
  }

  @Override
  public String toString() {
    return encoding == null ? "Unmodeled.NONE" : "Unmodeled(" + encoding.length + " bytes)";
  }
}
