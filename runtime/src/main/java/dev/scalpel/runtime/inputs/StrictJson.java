package dev.scalpel.runtime.inputs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place JSON text is read, through Jackson configured to accept strict RFC 8259 only: no
 * comments, trailing commas, single quotes, NaN/Infinity literals, leading zeros or unescaped
 * control characters (Jackson's defaults), and additionally no key twice in one object (which one
 * counts would be a guess), nothing after the value but whitespace, and at most {@link #MAX_DEPTH}
 * levels of nesting. Fractional numbers are read as {@link java.math.BigDecimal} so that no digit
 * is lost before a value is converted to its element type.
 *
 * <p>Every failure is an {@link InputDataException} of one line: {@code SOURCE: invalid JSON at
 * line L, column C: WHAT}.
 */
public final class StrictJson {
  /** Nesting depth accepted; tensors nest once per dimension, far below this. */
  public static final int MAX_DEPTH = 256;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();

  private static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private static final java.util.regex.Pattern START_MARKER =
      java.util.regex.Pattern.compile("\\s*\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)");

  private StrictJson() {}

  /** The factory whose generators write JSON ({@link SavedRunFormat} writes saved runs with it). */
  static JsonFactory factory() {
    return FACTORY;
  }

  /**
   * Reads a UTF-8 JSON file (a leading byte order mark is skipped).
   *
   * @throws InputDataException naming the file if it is not UTF-8 or not JSON
   * @throws IOException if it cannot be read
   */
  public static JsonNode read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InputDataException(file + ": not valid UTF-8 text, so not a JSON file");
    }
    return parse(text, file.toString());
  }

  /**
   * Parses one JSON document.
   *
   * @param source what to call the text in messages, such as the file name
   * @throws InputDataException naming the source, line and column if the text is not strict JSON
   */
  public static JsonNode parse(String text, String source) {
    // NOTE: a byte order mark is not JSON, but editors on Windows add one; parsers may ignore it.
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InputDataException(source + ": invalid JSON" + where + ": " + firstLine(e.getOriginalMessage()), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InputDataException(source + ": invalid JSON: the text holds no value");
    }
    return root;
  }

  /** What a value is, in words for messages ("an object", "a number"). */
  public static String kind(JsonNode v) {
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // NOTE: Jackson cites where an open array or object began as "(start marker at [Source: ...;
    // line: L, column: C])"; the source part is noise here, the place is worth keeping.
    // Hints to switch on Jackson features name settings a user cannot reach: dropped.
    line = line.replaceAll(": enable `[^`]*` to allow", "").replaceAll(", from `[^`]*`", "");
    return START_MARKER.matcher(line).replaceAll(" (opened at line $1, column $2)").strip();
  }
}
