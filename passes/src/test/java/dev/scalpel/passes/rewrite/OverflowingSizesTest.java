package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.opSequence;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: rules that multiply dims or attributes of a hostile model must not match on a product
 * that wrapped around 2^64 ({@code (2^62 + 1) * 4 = 2^64 + 4}, read as 4). Each case has a control
 * with small sizes that the rule does rewrite.
 */
class OverflowingSizesTest {
  private static final long HUGE = (1L << 62) + 1;

  /** Relu(Reshape(x, target)). */
  private static Model reshape(Shape x, long... target) {
    GraphBuilder g = GraphBuilder.create(18);
    Value in = g.input("x", DataType.FLOAT, x);
    g.output(g.op("Relu", g.op("Reshape", in, g.initializer("target", DenseTensor.vector("target", target)))));
    return g.model();
  }

  @Test
  void reshapeToFlattenDoesNotMatchAWrappedPrefixProduct() {
    // Before: x[:2] = [2^62 + 1, 4] multiplied to 4, "equal" to the target's 4: rewritten to Flatten(axis=2).
    Model m = reshape(Shape.of(HUGE, 4, 3), 4, 3);
    simplify(m);
    assertThat(opSequence(m)).containsExactly("Reshape", "Relu");

    Model control = reshape(Shape.of(2, 4, 3), 8, 3);
    simplify(control);
    assertThat(opSequence(control)).containsExactly("Flatten", "Relu");
  }

  /** BatchNormalization(ConvTranspose(x, w[2, 4, 1, 1], group), 4 channels of parameters). */
  private static Model convTransposeBatchNorm(long group) {
    GraphBuilder g = GraphBuilder.create(18);
    Value x = g.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 3));
    float[] weights = new float[8];
    Arrays.fill(weights, 0.5f);
    Value w = g.initializer("w", DenseTensor.ofFloats("w", new long[] {2, 4, 1, 1}, weights));
    Value conv = g.op("ConvTranspose", List.of(x, w), Attribute.of("group", group));
    Value bn = g.op("BatchNormalization", conv, param(g, "scale", 2f), param(g, "bias", 1f), param(g, "mean", 0f),
        param(g, "var", 1f));
    g.output(g.op("Relu", bn));
    return g.model();
  }

  private static Value param(GraphBuilder g, String name, float value) {
    return g.initializer(name, DenseTensor.ofFloats(name, new long[] {4}, value, value, value, value));
  }

  @Test
  void batchNormIsNotFusedIntoAConvTransposeWhoseGroupOverflowsTheChannelCount() {
    // Before: 4 * (2^62 + 1) wrapped to 4 output channels, matching the BatchNorm's 4; the fusion then
    // divided by Cin / group = 0 (ArithmeticException, a failed pass: exit 70).
    Model m = convTransposeBatchNorm(HUGE);
    simplify(m);
    assertThat(opSequence(m)).containsExactly("ConvTranspose", "BatchNormalization", "Relu");

    Model control = convTransposeBatchNorm(1);
    simplify(control);
    assertThat(opSequence(control)).containsExactly("ConvTranspose", "Relu");
  }
}
