package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.List;
import java.util.Optional;

/**
 * Random generators: RandomNormal/RandomUniform (shape and dtype attributes), their *Like forms
 * (the input's shape, its type unless dtype says otherwise), Bernoulli, and Multinomial
 * ({@code [batch, sample_size]}, int32 by default).
 */
public final class RandomRules {
  private RandomRules() {}

  public static void register(InferenceRules.Builder b) {
    b.addAll(RandomRules::fromAttributes, "RandomNormal", "RandomUniform");
    b.addAll(RandomRules::like, "RandomNormalLike", "RandomUniformLike");
    b.add("Bernoulli", 15, RandomRules::like);
    b.add("Multinomial", 7, RandomRules::multinomial);
  }

  private static Optional<DataType> dtype(InferenceContext ctx) {
    return ctx.intAttribute("dtype").flatMap(code -> DataType.fromCode(code.intValue()));
  }

  static void fromAttributes(InferenceContext ctx) {
    Optional<List<Long>> shape = ctx.intsAttribute("shape");
    if (shape.isEmpty()) {
      ctx.fail(ctx.node().opType() + " without a shape attribute");
      return;
    }
    long[] dims = shape.get().stream().mapToLong(Long::longValue).toArray();
    ctx.setOutput(0, dtype(ctx).orElse(DataType.FLOAT), SymShape.ofStatic(dims));
  }

  static void like(InferenceContext ctx) {
    dtype(ctx).or(() -> ctx.inputElementType(0))
        .ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }

  static void multinomial(InferenceContext ctx) {
    DataType type = dtype(ctx).orElse(DataType.INT32);
    SymExpr batch = ctx.inputShape(0).filter(s -> s.rank() == 2).map(s -> s.dim(0)).orElse(null);
    ctx.setOutput(0, type, SymShape.of(batch, SymExpr.of(ctx.intAttribute("sample_size", 1))));
  }
}
