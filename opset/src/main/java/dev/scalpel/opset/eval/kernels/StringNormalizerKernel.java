package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * StringNormalizer-10: drops the elements of a [C] or [1, C] string tensor that are stopwords
 * (compared case-insensitively unless {@code is_case_sensitive}), then upper- or lowercases the rest
 * ({@code case_change_action}); when every element is dropped the result is one empty string, of
 * shape [1] or [1, 1].
 *
 * <p>Invariant: only ASCII strings and stopwords are evaluated; casing beyond ASCII depends on the
 * locale, which the spec leaves to the implementation, so other text is refused.
 */
public final class StringNormalizerKernel {
  private StringNormalizerKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("StringNormalizer", 10, StringNormalizerKernel::evaluate);
  }

  private static List<Tensor> evaluate(EvalContext ctx) {
    Tensor x = ctx.input(0);
    if (x.dataType() != DataType.STRING) {
      throw ctx.fail("needs a string input, got " + x.dataType().displayName());
    }
    long[] dims = x.dims();
    boolean twoD = dims.length == 2;
    if (!(dims.length == 1 || (twoD && dims[0] == 1))) {
      throw ctx.fail("input must be [C] or [1, C]");
    }
    String action = ctx.stringAttribute("case_change_action", "NONE");
    if (!action.equals("NONE") && !action.equals("LOWER") && !action.equals("UPPER")) {
      throw ctx.fail("case_change_action '" + action + "' is not NONE, LOWER or UPPER");
    }
    boolean caseSensitive = ctx.intAttribute("is_case_sensitive", 0) != 0;
    Set<String> stopwords = new HashSet<>();
    Attribute words = ctx.attribute("stopwords").orElse(null);
    if (words != null && !(words instanceof Attribute.StringsAttr)) {
      throw ctx.fail("stopwords must be a list of strings");
    }
    for (String w : words == null ? List.<String>of() : ((Attribute.StringsAttr) words).value()) {
      if (!isAscii(w)) {
        throw ctx.unsupported("stopword '" + w + "' is not ASCII: its casing depends on the locale");
      }
      stopwords.add(caseSensitive ? w : w.toLowerCase(Locale.ROOT));
    }
    List<byte[]> kept = new ArrayList<>();
    for (byte[] s : x.strings()) {
      String text = new String(s, StandardCharsets.UTF_8);
      if (!isAscii(text)) {
        throw ctx.unsupported("a string is not ASCII: its casing depends on the locale");
      }
      if (stopwords.contains(caseSensitive ? text : text.toLowerCase(Locale.ROOT))) {
        continue;
      }
      String out = switch (action) {
        case "LOWER" -> text.toLowerCase(Locale.ROOT);
        case "UPPER" -> text.toUpperCase(Locale.ROOT);
        default -> text;
      };
      kept.add(out.getBytes(StandardCharsets.UTF_8));
    }
    if (kept.isEmpty()) {
      kept.add(new byte[0]);
    }
    long[] outDims = twoD ? new long[] {1, kept.size()} : new long[] {kept.size()};
    return List.of(DenseTensor.ofStrings("", outDims, kept));
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
