package dev.scalpel.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every element that ONNX stores as its own message carries besides its meaning: a doc
 * string, {@code metadata_props}, and the {@link Unmodeled} fields of the message it was read
 * from. Base of {@link Model}, {@link Graph}, {@link Node}, {@link Value} (its declaration) and
 * {@link Function}.
 *
 * <p>A doc string remembers whether it was given at all ({@link #hasDocString()}), so that a write
 * re-emits exactly what was read.
 */
public abstract class ModelElement {
  private String docString;
  private Map<String, String> metadataProps;
  private Unmodeled unmodeled = Unmodeled.NONE;

  ModelElement() {}

  /** The doc string, or "" when there is none. */
  public String docString() {
    return docString == null ? "" : docString;
  }

  /** Whether a doc string was given (possibly empty). */
  public boolean hasDocString() {
    return docString != null;
  }

  /** Sets the doc string; null removes it. */
  public void setDocString(String docString) {
    this.docString = docString;
  }

  /** The element's {@code metadata_props}; mutable, in insertion order. */
  public Map<String, String> metadataProps() {
    if (metadataProps == null) {
      metadataProps = new LinkedHashMap<>();
    }
    return metadataProps;
  }

  public boolean hasMetadataProps() {
    return metadataProps != null && !metadataProps.isEmpty();
  }

  /** Fields of the source message that the IR does not model; {@link Unmodeled#NONE} when built in code. */
  public Unmodeled unmodeled() {
    return unmodeled;
  }

  public void setUnmodeled(Unmodeled unmodeled) {
    this.unmodeled = Objects.requireNonNull(unmodeled, "unmodeled");
  }

  /** Copies doc string, metadata and unmodeled fields from {@code other}. */
  void copyAnnotationsFrom(ModelElement other) {
    this.docString = other.docString;
    this.metadataProps = other.metadataProps == null ? null : new LinkedHashMap<>(other.metadataProps);
    this.unmodeled = other.unmodeled;
  }
}
