package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymShape;
import java.util.Optional;

/** Optional, OptionalHasElement and OptionalGetElement. */
public final class OptionalRules {
  private OptionalRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Optional", 15, OptionalRules::optional);
    b.add("OptionalHasElement", 15, ctx -> ctx.setOutput(0, DataType.BOOL, SymShape.scalar()));
    b.add("OptionalGetElement", 15, OptionalRules::getElement);
  }

  /** An optional of the input's type, or (no input: an empty optional) of the {@code type} attribute. */
  static void optional(InferenceContext ctx) {
    Optional<ValueType> element = ctx.hasInput(0) ? ctx.inputType(0)
        : ctx.attribute("type").filter(a -> a instanceof Attribute.TypeAttr).map(a -> ((Attribute.TypeAttr) a).value());
    element.ifPresent(t -> ctx.setOutputType(0, new ValueType.OptionalType(t, null)));
  }

  /** The optional's element type; from opset 18 a tensor or sequence passes through as it is. */
  static void getElement(InferenceContext ctx) {
    Optional<ValueType> in = ctx.inputType(0);
    if (in.isEmpty()) {
      return;
    }
    if (in.get() instanceof ValueType.OptionalType o) {
      if (o.elementType() != null) {
        ctx.setOutputType(0, o.elementType());
      }
    } else if (!(in.get() instanceof ValueType.UnspecifiedType)) {
      ctx.setOutputType(0, in.get());
    }
  }
}
