package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a node whose Java kernel exists but does not hold its element type (Identity of a
 * complex64 tensor) goes to the fallback evaluator instead of staying unfolded; a node whose kernel
 * refuses for another reason (a Cast tie to int4, which ONNX Runtime rounds otherwise) does not.
 */
class UnsupportedTypeFallbackTest {
  /** A fallback that records the regions it is given and answers with zeros of the input's type. */
  private static final class RecordingEvaluator implements ConstantEvaluator {
    final List<List<String>> regions = new ArrayList<>();

    @Override
    public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
      regions.add(region.stream().map(Node::opType).toList());
      Value w = wanted.iterator().next();
      Tensor in = constants.values().iterator().next();
      return Map.of(w, DenseTensor.wrap("", in.dataType(), in.dims(), ByteBuffer.allocate((int) in.byteSize())));
    }
  }

  private static Model identityOfComplex() {
    GraphBuilder b = GraphBuilder.create(21);
    Value c = b.initializer("c", DenseTensor.wrap("c", DataType.COMPLEX64, new long[] {2}, ByteBuffer.allocate(16)));
    Value y = b.op("Identity", c);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void aKernelLackingTheElementTypeHandsTheNodeToTheFallback() {
    Model m = identityOfComplex();
    RecordingEvaluator fallback = new RecordingEvaluator();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(fallback)).run(m, new PassContext());
    assertThat(fallback.regions).containsExactly(List.of("Identity"));
    assertThat(m.graph().outputs().get(0).constantValue()).isPresent();
  }

  @Test
  void withoutAFallbackTheRefusalIsReported() {
    Model m = identityOfComplex();
    PassContext context = new PassContext();
    new FoldConstants().run(m, context);
    assertThat(m.graph().outputs().get(0).constantValue()).isEmpty();
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("complex64 is not supported"));
  }

  @Test
  void anUndefinedResultIsNotHandedToTheFallback() {
    GraphBuilder b = GraphBuilder.create(21);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1}, 2.5f));
    Value y = b.op("Cast", List.of(x), dev.scalpel.graph.Attribute.of("to", (long) DataType.INT4.code()));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    RecordingEvaluator fallback = new RecordingEvaluator();
    PassContext context = new PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(fallback)).run(m, context);
    assertThat(fallback.regions).isEmpty();
    assertThat(m.graph().outputs().get(0).constantValue()).isEmpty();
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("tie"));
  }
}
