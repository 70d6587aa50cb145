package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.List;
import java.util.Optional;

/**
 * A {@code Constant} node becomes an initializer of its graph holding the same tensor: one node
 * fewer, and ONNX Runtime and TensorRT treat both alike. For 'value' and the numeric shorthands
 * 'value_float(s)' and 'value_int(s)' (float32 and int64, scalar or 1-D); sparse and string values
 * stay nodes. A Constant that is a graph output stays (its name is the model's).
 */
public final class ConstantNodeToInitializer extends RewriteRule {
  public ConstantNodeToInitializer() {
    super("constant-node-to-initializer", OpId.onnx("Constant"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Constant").named("constant");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<Tensor> t = tensorOf(m.node("constant"));
    if (t.isEmpty()) {
      return MatchResult.fail("the Constant holds a sparse or string value, or none");
    }
    return MatchResult.success().bind("tensor", t.get());
  }

  private static Optional<Tensor> tensorOf(Node constant) {
    for (Attribute a : constant.attributes().values()) {
      switch (a.name()) {
        case "value":
          return a.type() == Attribute.Type.TENSOR ? Optional.of(a.asTensor()) : Optional.empty();
        case "value_float":
          return Optional.of(DenseTensor.ofFloats("", new long[0], a.asFloat()));
        case "value_floats": {
          List<Float> v = a.asFloats();
          float[] f = new float[v.size()];
          for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i);
          }
          return Optional.of(DenseTensor.ofFloats("", new long[] {f.length}, f));
        }
        case "value_int":
          return Optional.of(DenseTensor.ofLongs("", new long[0], a.asLong()));
        case "value_ints":
          return Optional.of(DenseTensor.vector("", a.asLongs().stream().mapToLong(Long::longValue).toArray()));
        default:
          break;
      }
    }
    return Optional.empty();
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node constant = m.node("constant");
    String hint = constant.output(0).name().isEmpty() ? "const" : constant.output(0).name();
    return Replacement.of(r.constant(hint, m.binding("tensor", Tensor.class)));
  }
}
