package dev.scalpel.passes.rewrite;

import dev.scalpel.opset.OpId;
import java.util.List;

/** Builds {@link Pattern}s; handed to {@link RewriteRule#pattern(PatternBuilder)}. */
public final class PatternBuilder {
  PatternBuilder() {}

  /** A node of the default domain's {@code opType} with these input patterns. */
  public Pattern.Op op(String opType, Pattern... inputs) {
    return op(OpId.onnx(opType), inputs);
  }

  /** A node of {@code op} with these input patterns. */
  public Pattern.Op op(OpId op, Pattern... inputs) {
    return new Pattern.Op(op, List.of(inputs), null, false);
  }

  public Pattern.Var var(String name) {
    return new Pattern.Var(name);
  }

  public Pattern.Constant constant(String name) {
    return new Pattern.Constant(name, false);
  }

  public Pattern.Constant optionalConstant(String name) {
    return new Pattern.Constant(name, true);
  }
}
