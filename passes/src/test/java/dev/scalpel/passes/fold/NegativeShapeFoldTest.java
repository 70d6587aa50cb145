package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.Pipelines;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code FoldFuzzTest} (crash-e73de237 in its inputs): {@code Expand(c, c)} with c =
 * [-1032449765961771522] passed the fold budget as a negative element count, and the Java kernel's
 * index map then exhausted the heap (OutOfMemoryError, exit 70). A negative dim is not folded.
 */
class NegativeShapeFoldTest {
  @Test
  void anExpandToANegativeDimIsLeftUnfolded() {
    GraphBuilder b = GraphBuilder.create(10);
    Value c = b.initializer("c", DenseTensor.vector("c", -1032449765961771522L));
    Value y = b.op("Expand", c, c);
    b.output(y);
    Model model = b.model();

    PipelineResult r = Pipelines.fold(Pipelines.Options.defaults()).run(model);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).containsExactly("Expand");
    assertThat(r.passes()).anySatisfy(p -> assertThat(p.diagnostics()).anyMatch(d -> d.contains("negative")));
  }

  /** The element count of [2^40, 2^40] overflows 64 bits; it is checked (Strides.count), not wrapped. */
  @Test
  void anExpandWhoseElementCountOverflowsIsLeftUnfolded() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.initializer("x", DenseTensor.vector("x", 1));
    Value shape = b.initializer("shape", DenseTensor.vector("shape", 1L << 40, 1L << 40));
    b.output(b.op("Expand", x, shape));
    Model model = b.model();

    Pipelines.fold(Pipelines.Options.defaults()).run(model);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).containsExactly("Expand");
  }
}
