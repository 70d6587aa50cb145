package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code InferShapesFuzzTest} (crash-c072c2f9 in its inputs): a RandomUniform whose
 * {@code dtype} is 0 (UNDEFINED) was inferred "a tensor of UNDEFINED", which the verifier rejects,
 * so {@code infer-shapes} ended as an internal error. An UNDEFINED element type states nothing.
 */
class UndefinedElementTypeInferenceTest {
  @Test
  void anUndefinedDtypeLeavesTheOutputUntypedAndTheGraphValid() {
    GraphBuilder b = GraphBuilder.create(17);
    Value y = b.op("RandomUniform", List.of(), Attribute.ofInts("shape", 2, 3), Attribute.of("dtype", 0L));
    Value z = b.op("Cast", List.of(b.input("x", DataType.FLOAT, Shape.of(2))), Attribute.of("to", 0L));
    b.output(y, z);
    Model m = b.model();

    ShapeInference.run(m);

    assertThat(y.dataType()).isNotEqualTo(java.util.Optional.of(DataType.UNDEFINED));
    assertThat(z.dataType()).isNotEqualTo(java.util.Optional.of(DataType.UNDEFINED));
    assertThat(GraphVerifier.verify(m)).isEmpty();
  }
}
