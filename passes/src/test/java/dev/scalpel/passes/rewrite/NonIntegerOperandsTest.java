package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.opSequence;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules that read an int64 operand (axes, pads, starts, a target shape) of a model that breaks the
 * operator's type constraint by giving it as a float32 constant: the rule misses and nothing throws (before: "toLongArray on FLOAT", a failed pass and exit 70; found by
 * fuzzing simplify). The same model with int64 constants of the same values is rewritten.
 */
class NonIntegerOperandsTest {
  /** Builds the model's body from x, making its int64 operands with {@code operand}. */
  interface Body {
    Value apply(GraphBuilder g, Value x, Operand operand);
  }

  /** Makes a constant operand of the given values. */
  interface Operand {
    Value of(GraphBuilder g, String name, long... values);
  }

  private static final Operand INT64 = (g, name, values) -> g.initializer(name, DenseTensor.vector(name, values));

  /** A float32 constant of the same values: breaks the operators' type constraint. */
  private static final Operand FLOAT32 = (g, name, values) -> {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = values[i];
    }
    return g.initializer(name, DenseTensor.ofFloats(name, new long[] {values.length}, f));
  };

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("Slice of a whole axis", (Body)
            (g, x, c) -> g.op("Slice", x, c.of(g, "starts", 0), c.of(g, "ends", 2), c.of(g, "axes", 0))),
        Arguments.of("Unsqueeze of an Unsqueeze", (Body)
            (g, x, c) -> g.op("Unsqueeze", g.op("Unsqueeze", x, c.of(g, "a1", 0)), c.of(g, "a2", 0))),
        Arguments.of("Expand to its own shape", (Body)
            (g, x, c) -> g.op("Expand", x, c.of(g, "shape", 2, 3, 4, 4))),
        Arguments.of("Pad by zeros", (Body)
            (g, x, c) -> g.op("Pad", x, c.of(g, "pads", 0, 0, 0, 0, 0, 0, 0, 0))),
        Arguments.of("ReduceMean keeping dims, then Reshape dropping them", (Body)
            (g, x, c) -> g.op("Reshape", g.op("ReduceMean", List.of(x, c.of(g, "axes", 2, 3)),
                Attribute.of("keepdims", 1L)), c.of(g, "target", 2, 3))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void aRuleReadingAFloatOperandMissesInsteadOfThrowing(String name, Body body) {
    Model m = model(body, FLOAT32);

    // NOTE: only that nothing throws: the model is invalid, and another rule may still rewrite it
    // from inferred shapes (the Expand goes as a no-op by its inferred output shape).
    assertThatCode(() -> simplify(m)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void withInt64OperandsTheSameModelIsRewritten(String name, Body body) {
    Model m = model(body, INT64);
    List<String> before = opSequence(m);

    assertThat(simplify(m).total()).isPositive();

    assertThat(opSequence(m)).isNotEqualTo(before);
  }

  private static Model model(Body body, Operand operand) {
    GraphBuilder g = GraphBuilder.create(18);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 3, 4, 4));
    g.output(g.op("Relu", body.apply(g, x, operand)));
    return g.model();
  }
}
