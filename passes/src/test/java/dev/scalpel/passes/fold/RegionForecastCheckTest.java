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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fallback result that contradicts what shape inference forecast for it (another shape or
 * element type than the spec gives) folds nothing of its region.
 */
class RegionForecastCheckTest {
  /** y = Sin(x) for x of shape [4]; Sin has no Java kernel, so the fallback evaluates it. */
  private static Model sin() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {4}, 1f, 2f, 3f, 4f));
    Value y = b.op("Sin", x);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  private static PassContext fold(Model m, Tensor answer) {
    ConstantEvaluator answering = (model, region, constants, wanted) -> Map.of(wanted.iterator().next(), answer);
    PassContext context = new PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(answering)).run(m, context);
    return context;
  }

  @Test
  void aResultOfAnotherShapeIsNotFolded() {
    Model m = sin();
    PassContext context = fold(m, DenseTensor.ofFloats("y", new long[] {2, 2}, 0f, 0f, 0f, 0f));
    assertThat(m.graph().nodes()).extracting(Node::opType).containsExactly("Sin");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("the evaluator returned for y shape [2, 2] where"
        + " inference gives [4]"));
  }

  @Test
  void aResultOfAnotherElementTypeIsNotFolded() {
    Model m = sin();
    PassContext context = fold(m, DenseTensor.ofLongs("y", new long[] {4}, 0, 0, 0, 0));
    assertThat(m.graph().nodes()).extracting(Node::opType).containsExactly("Sin");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("element type " + DataType.INT64.displayName()));
  }

  @Test
  void anOmittedOptionalOutputDoesNotStopTheForecast() {
    // GRU with only Y_h wanted: Y is omitted (an empty name), so it has no size to forecast.
    GraphBuilder b = GraphBuilder.create(22);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 1}, 1f));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {1, 3, 1}, 0.1f, 0.2f, 0.3f));
    Value r = b.initializer("r", DenseTensor.ofFloats("r", new long[] {1, 3, 1}, 0.1f, 0.2f, 0.3f));
    Node gru = b.graph().append(new Node(null, "GRU", List.of(x, w, r), List.of("", "yh"),
        List.of(dev.scalpel.graph.Attribute.of("hidden_size", 1L))));
    b.output(gru.output(1));
    Model m = b.model();
    PassContext context = fold(m, DenseTensor.ofFloats("yh", new long[] {1, 1, 1}, 0.5f));
    assertThat(context.diagnostics()).noneMatch(d -> d.contains("not known before evaluation"));
    assertThat(m.graph().nodes()).isEmpty();
  }

  @Test
  void aResultAsForecastIsFolded() {
    Model m = sin();
    fold(m, DenseTensor.ofFloats("y", new long[] {4}, 0.1f, 0.2f, 0.3f, 0.4f));
    assertThat(m.graph().nodes()).isEmpty();
    assertThat(m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray())
        .containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
  }
}
