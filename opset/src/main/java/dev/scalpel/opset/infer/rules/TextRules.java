package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.Broadcasting;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * String operators and text featurization: StringNormalizer (stopword removal leaves a count known
 * at run time, or counted when the input is a constant), RegexFullMatch, StringSplit (as many substrings as the longest split, counted when the input is a constant), StringConcat
 * (broadcast) and TfIdfVectorizer (one column per n-gram index).
 */
public final class TextRules {
  private TextRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("StringNormalizer", 10, TextRules::stringNormalizer);
    b.add("RegexFullMatch", 20, ctx -> ctx.setOutput(0, DataType.BOOL, ctx.inputShape(0).orElse(null)));
    b.add("StringSplit", 20, TextRules::stringSplit);
    b.add("StringConcat", 20, TextRules::stringConcat);
    b.add("TfIdfVectorizer", 9, TextRules::tfIdfVectorizer);
  }

  static void stringNormalizer(InferenceContext ctx) {
    Optional<SymShape> x = ctx.inputShape(0);
    boolean dropsWords = ctx.attribute("stopwords").map(a -> !a.asStrings().isEmpty()).orElse(false);
    if (x.isEmpty() || !dropsWords) {
      ctx.setOutput(0, DataType.STRING, x.orElse(null));
      return;
    }
    SymShape s = x.get();
    SymExpr kept = ctx.inputConstant(0).flatMap(t -> StopwordCount.kept(t.strings(), ctx))
        .map(n -> SymExpr.of(Math.max(1, n))).orElseGet(() -> ctx.freshSymbol("normalized_words"));
    // NOTE: [C] and [1, C] are the accepted forms; an empty result is [1] or [1, 1] with "".
    ctx.setOutput(0, DataType.STRING, s.rank() == 1 ? SymShape.of(kept) : s.withDim(-1, kept));
  }

  static void stringSplit(InferenceContext ctx) {
    Optional<SymShape> x = ctx.inputShape(0);
    if (x.isEmpty()) {
      ctx.setOutput(0, DataType.STRING, null);
      ctx.setOutput(1, DataType.INT64, null);
      return;
    }
    List<SymExpr> y = new ArrayList<>(x.get().dims());
    byte[] delimiter = ctx.stringAttribute("delimiter").orElse("").getBytes(StandardCharsets.UTF_8);
    long maxsplit = ctx.intAttribute("maxsplit", -1);
    Optional<Long> longest = ctx.inputConstant(0).filter(t -> t.dataType() == DataType.STRING)
        .flatMap(t -> SplitCount.longest(t.strings(), delimiter, maxsplit));
    y.add(longest.map(SymExpr::of).orElseGet(() -> ctx.freshSymbol("split_count")));
    ctx.setOutput(0, DataType.STRING, SymShape.of(y));
    ctx.setOutput(1, DataType.INT64, x.get());
  }

  static void stringConcat(InferenceContext ctx) {
    Optional<SymShape> a = ctx.inputShape(0);
    Optional<SymShape> b = ctx.inputShape(1);
    if (a.isEmpty() || b.isEmpty()) {
      ctx.setOutput(0, DataType.STRING, null);
      return;
    }
    Optional<SymShape> shape = Broadcasting.broadcast(List.of(a.get(), b.get()));
    if (shape.isEmpty()) {
      ctx.fail("inputs of shapes " + a.get() + " and " + b.get() + " do not broadcast");
      return;
    }
    ctx.setOutput(0, DataType.STRING, shape.get());
  }

  /** {@code [max(ngram_indexes)+1]} for a 1-D input, {@code [N, max+1]} for a 2-D one. */
  static void tfIdfVectorizer(InferenceContext ctx) {
    long columns = ctx.intsAttribute("ngram_indexes").orElse(List.of()).stream()
        .mapToLong(Long::longValue).max().orElse(-1) + 1;
    SymExpr width = SymExpr.of(columns);
    SymShape shape = ctx.inputShape(0).map(s -> s.rank() == 2 ? SymShape.of(s.dim(0), width) : SymShape.of(width))
        .orElse(null);
    ctx.setOutput(0, DataType.FLOAT, shape);
  }
}
