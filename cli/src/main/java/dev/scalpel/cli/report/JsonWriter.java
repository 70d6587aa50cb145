package dev.scalpel.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * A streaming writer of indented JSON (2 spaces, {@code "name": value}, one array element per
 * line, {@code {}} and {@code []} when empty), over Jackson's {@link JsonGenerator}: Jackson does the
 * commas, the nesting and the RFC 8259 escaping. Misuse, such as a value where a member name is
 * due, a second top-level value, or {@link #finish} with a container open, throws {@link
 * IllegalStateException}.
 *
 * <p>Invariants: what reaches {@code out} is always a prefix of one well-formed JSON document; a
 * top-level container's end is flushed to {@code out} at once, so text a caller writes to the same
 * stream after it comes after it. Numbers that are not finite are written as null (JSON has no NaN).
 */
public final class JsonWriter {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private final JsonGenerator gen;
  private boolean rootWritten;

  public JsonWriter(Appendable out) {
    try {
      gen = FACTORY.createGenerator(out instanceof Writer w ? w : new AppendableWriter(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gen.setPrettyPrinter(prettyPrinter());
    gen.setCharacterEscapes(Escapes.INSTANCE);
  }

  public JsonWriter beginObject() {
    beforeValue();
    return call(JsonGenerator::writeStartObject);
  }

  public JsonWriter endObject() {
    if (!gen.getOutputContext().inObject()) {
      throw new IllegalStateException("endObject outside an object");
    }
    call(JsonGenerator::writeEndObject);
    return flushAtRoot();
  }

  public JsonWriter beginArray() {
    beforeValue();
    return call(JsonGenerator::writeStartArray);
  }

  public JsonWriter endArray() {
    if (!gen.getOutputContext().inArray()) {
      throw new IllegalStateException("endArray outside an array");
    }
    call(JsonGenerator::writeEndArray);
    return flushAtRoot();
  }

  /** Writes a member name; a value must follow. */
  public JsonWriter name(String name) {
    return call(g -> g.writeFieldName(name));
  }

  /** Writes a string, or null when {@code value} is null. */
  public JsonWriter value(String value) {
    beforeValue();
    return call(g -> g.writeString(value));
  }

  public JsonWriter value(long value) {
    beforeValue();
    return call(g -> g.writeNumber(value));
  }

  /**
   * Writes a number in Java's shortest round-trip form ({@code 0.25}, {@code 1.0E-5}, both valid
   * JSON). NOTE: JSON has no NaN or infinity, so those are written as null.
   */
  public JsonWriter value(double value) {
    beforeValue();
    return call(g -> {
      if (Double.isFinite(value)) {
        g.writeNumber(value);
      } else {
        g.writeNull();
      }
    });
  }

  public JsonWriter value(boolean value) {
    beforeValue();
    return call(g -> g.writeBoolean(value));
  }

  public JsonWriter nullValue() {
    beforeValue();
    return call(JsonGenerator::writeNull);
  }

  /** Shorthand for {@code name(name).value(value)}. */
  public JsonWriter member(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, double value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, boolean value) {
    return name(name).value(value);
  }

  /** Ends the document with a newline. @throws IllegalStateException if a container is open */
  public void finish() {
    if (!rootWritten || !gen.getOutputContext().inRoot()) {
      throw new IllegalStateException("unclosed object or array");
    }
    call(g -> {
      g.writeRaw(System.lineSeparator());
      g.flush();
    });
  }

  /** Refuses a second top-level value: the output is one document. */
  private void beforeValue() {
    if (gen.getOutputContext().inRoot()) {
      if (rootWritten) {
        throw new IllegalStateException("a second top-level value");
      }
      rootWritten = true;
    }
  }

  private JsonWriter flushAtRoot() {
    if (gen.getOutputContext().inRoot()) {
      call(JsonGenerator::flush);
    }
    return this;
  }

  private interface GeneratorCall {
    void on(JsonGenerator g) throws IOException;
  }

  private JsonWriter call(GeneratorCall c) {
    try {
      c.on(gen);
    } catch (JsonGenerationException e) {
      throw new IllegalStateException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  /**
   * Jackson's standard escapes, plus U+2028/U+2029 (so the output is also valid JavaScript, e.g.
   * inlined in the HTML report) and every UTF-16 surrogate. NOTE: Jackson sees one char at a time,
   * so to keep a lone surrogate (which UTF-8 cannot encode) intact, all surrogates are escaped; a
   * character outside the BMP is then written as its escaped pair, which reads back the same.
   */
  private static final class Escapes extends CharacterEscapes {
    static final Escapes INSTANCE = new Escapes();
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == '\u2028' || ch == '\u2029' || (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE)) {
        return new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch));
      }
      return null;
    }
  }

  /** A {@link Writer} onto an {@link Appendable} such as a StringBuilder. */
  private static final class AppendableWriter extends Writer {
    private final Appendable out;

    AppendableWriter(Appendable out) {
      this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      out.append(java.nio.CharBuffer.wrap(buf, off, len));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
