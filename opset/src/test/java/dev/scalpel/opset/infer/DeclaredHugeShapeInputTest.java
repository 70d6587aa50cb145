package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: a shape input declared with 2^28 or 2^31+ elements (a graph input of 100 bytes)
 * describes a tensor of that rank; the rules that give an output as many unknown dims as the shape
 * input has elements made a list of 2^28 dims (out of memory) or failed on a negative rank. Such a
 * rank is left unknown, which is sound.
 */
class DeclaredHugeShapeInputTest {
  private record Case(Model model, Value out) {}

  private static Case build(String op, long opset, long shapeLength) {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 4, 4));
    Value shape = b.input("shape", DataType.INT64, Shape.of(shapeLength));
    Value y = switch (op) {
      case "Reshape", "Expand" -> b.op(op, x, shape);
      case "ConstantOfShape" -> b.op(op, shape);
      case "MaxUnpool" -> b.op(op, List.of(x, b.input("i", DataType.INT64, Shape.of(1, 1, 4, 4)), shape),
          Attribute.ofInts("kernel_shape", 2, 2));
      case "Col2Im" -> b.op(op, List.of(x, shape, b.input("block", DataType.INT64, Shape.of(2))));
      default -> throw new IllegalArgumentException(op);
    };
    b.output(y);
    return new Case(b.model(), y);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Reshape", "Expand", "ConstantOfShape", "MaxUnpool", "Col2Im"})
  void aShapeInputOfHugeDeclaredLengthLeavesTheRankUnknown(String op) {
    // NOTE: 2^20 stands for 2^28, which took 6 GB of heap before the fix (2^28 dims); the
    // mechanism, a rank taken from the declared length, is the same.
    for (long length : new long[] {1L << 20, 1L << 31, 1L << 40}) {
      Case c = build(op, 18, length);
      ShapeInference.Result r = ShapeInference.run(c.model());
      assertThat(r.diagnostics()).as(op + " " + length).noneMatch(InferenceCheck.FAILED::matches);
      assertThat(c.out().shape()).as(op + " " + length).isEmpty();
    }
  }

  @Test
  void aShapeInputOfTrackedLengthStillGivesTheRank() {
    Case c = build("Reshape", 18, ShapeInference.MAX_TRACKED_ELEMENTS);
    ShapeInference.run(c.model());
    assertThat(c.out().shape()).hasValueSatisfying(s -> assertThat(s.rank()).isEqualTo(ShapeInference.MAX_TRACKED_ELEMENTS));
  }
}
