package dev.scalpel.cli;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.opset.AttributeSpec;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code --attr NAME=VALUE} of {@code edit insert}, typed.
 *
 * <p>The type comes from, in order: an explicit {@code NAME:TYPE=VALUE} ({@code int}, {@code
 * float}, {@code ints}, {@code floats}, {@code string}); the operator's schema at the model's
 * opset (so {@code alpha=1} is the FLOAT 1.0 that LeakyRelu declares); the value's spelling (an
 * integer, a number, a comma-separated list of either, else a string). A value that does not fit
 * the type, or an attribute the schema does not know, is a usage error.
 */
final class AttributeOption {
  private AttributeOption() {}

  /**
   * Parses {@code text} for an {@code opType} node of {@code domain} in a model importing
   * {@code imports}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  static Attribute parse(String text, String opType, String domain, OpsetImports imports) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--attr " + text + ": expected NAME=VALUE or NAME:TYPE=VALUE");
    }
    String key = text.substring(0, eq);
    String value = text.substring(eq + 1);
    String name = key;
    String type = null;
    int colon = key.indexOf(':');
    if (colon > 0) {
      name = key.substring(0, colon);
      type = key.substring(colon + 1).toLowerCase(Locale.ROOT);
    }
    Optional<OpSchema> schema = schema(opType, domain, imports);
    if (schema.isPresent()) {
      Optional<AttributeSpec> spec = schema.get().attribute(name);
      if (spec.isEmpty()) {
        throw new IllegalArgumentException("--attr " + text + ": " + opType + "-" + schema.get().sinceVersion()
            + " has no attribute '" + name + "'" + (schema.get().attributes().isEmpty() ? ""
                : "; it has " + String.join(", ", schema.get().attributes().keySet())));
      }
      if (type == null) {
        type = typeName(spec.get().type());
      }
    }
    if (type == null) {
      type = guess(value);
    }
    try {
      return switch (type) {
        case "int" -> Attribute.of(name, Long.parseLong(value.strip()));
        case "float" -> Attribute.of(name, Float.parseFloat(value.strip()));
        case "string" -> Attribute.of(name, value);
        case "ints" -> Attribute.ofInts(name, Arrays.stream(value.split(",")).map(String::strip)
            .mapToLong(Long::parseLong).toArray());
        case "floats" -> Attribute.ofFloats(name, floats(value));
        default -> throw new IllegalArgumentException("--attr " + text + ": type '" + type
            + "' is not one of int, float, ints, floats, string");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--attr " + text + ": '" + value + "' is not a" + (type.startsWith("int") ? "n " : " ")
          + type + " value");
    }
  }

  private static Optional<OpSchema> schema(String opType, String domain, OpsetImports imports) {
    String d = domain == null || domain.equals("ai.onnx") ? "" : domain;
    SchemaRegistry registry = SchemaRegistry.standard();
    if (!registry.knowsDomain(d)) {
      return Optional.empty();
    }
    long version = imports.version(d).orElse(registry.newestOpset(d).orElse(1));
    return registry.lookup(new OpId(d, opType), version);
  }

  private static String typeName(Attribute.Type t) {
    return switch (t) {
      case INT -> "int";
      case FLOAT -> "float";
      case STRING -> "string";
      case INTS -> "ints";
      case FLOATS -> "floats";
      default -> throw new IllegalArgumentException("attribute type " + t + " cannot be given on the command line");
    };
  }

  private static String guess(String value) {
    boolean list = value.contains(",");
    boolean allInts = true;
    for (String part : value.split(",")) {
      String p = part.strip();
      if (!p.matches("[-+]?\\d+")) {
        allInts = false;
        if (!p.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?(inf|nan)")) {
          return "string";
        }
      }
    }
    return (allInts ? "int" : "float") + (list ? "s" : "");
  }

  private static float[] floats(String value) {
    String[] parts = value.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].strip());
    }
    return out;
  }
}
