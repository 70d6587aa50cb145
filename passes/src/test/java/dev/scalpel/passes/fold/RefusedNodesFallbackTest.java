package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An evaluator that refuses some nodes of a region ({@link RefusedNodesException}) gets the region
 * again without them and the nodes that read them; what it then computes folds, the rest stays.
 */
class RefusedNodesFallbackTest {
  /** Sin(x) feeding Cos and, apart, Tan(x): three kernel-less nodes in one region. */
  private static Model model() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1}, 0f));
    Value sin = b.op("Sin", x);
    Value cos = b.op("Cos", sin);
    cos.setName("cos");
    Value tan = b.op("Tan", x);
    tan.setName("tan");
    b.output(cos);
    b.output(tan);
    return b.model();
  }

  /** Refuses every Sin; answers 7 for everything else it is asked, and records each region. */
  private static final class RefusingSin implements ConstantEvaluator {
    final List<List<String>> regions = new ArrayList<>();

    @Override
    public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
      regions.add(region.stream().map(Node::opType).toList());
      Map<Node, String> refused = new HashMap<>();
      region.stream().filter(n -> n.opType().equals("Sin")).forEach(n -> refused.put(n, "no Sin here"));
      if (!refused.isEmpty()) {
        throw new RefusedNodesException(refused);
      }
      Map<Value, Tensor> out = new HashMap<>();
      wanted.forEach(w -> out.put(w, DenseTensor.ofFloats(w.name(), new long[] {1}, 7f)));
      return out;
    }
  }

  @Test
  void theRefusedNodeAndWhatReadsItStayAndTheRestFolds() {
    Model m = model();
    RefusingSin evaluator = new RefusingSin();
    PassContext context = new PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(evaluator)).run(m, context);

    assertThat(evaluator.regions.get(0)).containsExactly("Sin", "Cos", "Tan");
    assertThat(evaluator.regions.get(1)).as("the region again, without Sin and the Cos reading it").containsExactly("Tan");
    assertThat(m.graph().nodes()).extracting(Node::opType).containsExactly("Sin", "Cos");
    assertThat(m.graph().outputs().get(1).constantValue().orElseThrow().toFloatArray()).containsExactly(7f);
    assertThat(context.diagnostics()).contains("not folded a region of 2 nodes starting at "
        + m.graph().nodes().get(0).describe() + ": no Sin here");
  }
}
