package dev.scalpel.passes.dims;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Small models with a batch hard-coded the ways exporters do it, one constant each; input {@code
 * x}, output {@code y}. Shared with the runtime module's tests through the test-jar.
 */
public final class ModelsWithFixedBatch {
  private ModelsWithFixedBatch() {}

  /** x float[b,2] → Slice(0:b on axis 0, 0:2 on axis 1) → Relu → y. */
  public static Model sliceAll(long b) {
    GraphBuilder g = GraphBuilder.create(13);
    Value x = g.input("x", DataType.FLOAT, Shape.of(b, 2));
    Value s = g.op("Slice", x, g.constant(DenseTensor.vector("starts", 0, 0)), g.constant(DenseTensor.vector("ends", b, 2)),
        g.constant(DenseTensor.vector("axes", 0, 1)));
    g.output(g.op("Relu", s));
    return named(g.model());
  }

  /** x float[2,2] → Slice(1:2 on axis 0) → y: picks sample 1 of the batch. */
  public static Model slicePicksSample() {
    GraphBuilder g = GraphBuilder.create(13);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 2));
    g.output(g.op("Slice", x, g.constant(DenseTensor.vector("starts", 1)), g.constant(DenseTensor.vector("ends", 2)),
        g.constant(DenseTensor.vector("axes", 0))));
    return named(g.model());
  }

  /** x float[2,3] → Expand(shape [2,3]) → Relu → y: exported at batch 2. */
  public static Model expandToBatch() {
    GraphBuilder g = GraphBuilder.create(13);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 3));
    Value e = g.op("Expand", x, g.constant(DenseTensor.vector("shape", 2, 3)));
    g.output(g.op("Relu", e));
    return named(g.model());
  }

  /** x float[in] → Reshape(target) → Relu → y, at opset 14 (for allowzero). */
  public static Model reshape(Shape in, long[] target, boolean allowZero) {
    GraphBuilder g = GraphBuilder.create(14);
    Value x = g.input("x", DataType.FLOAT, in);
    List<Attribute> attrs = new ArrayList<>();
    if (allowZero) {
      attrs.add(Attribute.of("allowzero", 1L));
    }
    Value r = g.op("Reshape", List.of(x, g.constant(DenseTensor.vector("target", target))), attrs.toArray(new Attribute[0]));
    g.output(g.op("Relu", r));
    return named(g.model());
  }

  /** Names the output {@code y} and types it as inference would, so the model is well-formed. */
  private static Model named(Model m) {
    Value out = m.graph().outputs().get(0);
    out.setName("y");
    dev.scalpel.opset.infer.ShapeInference.run(m);
    return m;
  }
}
