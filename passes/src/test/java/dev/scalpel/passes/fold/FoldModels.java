package dev.scalpel.passes.fold;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;

/** Small models built in code for the folding tests. */
final class FoldModels {
  private FoldModels() {}

  /**
   * x → Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])) → y, the exporter's "flatten but
   * keep the batch" chain; {@code batch} is the first dim of x (a number or a symbol).
   */
  static Model shapeChain(Dim batch) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(batch, Dim.of(3), Dim.of(4)));
    Value shape = b.op("Shape", x);
    Value first = b.op("Gather", shape, b.constant(DenseTensor.ofLongs("zero", new long[0], 0)));
    Value unsq = b.op("Unsqueeze", first, b.constant(DenseTensor.vector("axes", 0)));
    Value target = b.op("Concat", List.of(unsq, b.constant(DenseTensor.vector("rest", -1))), Attribute.of("axis", 1L - 1));
    Value y = b.op("Reshape", x, target);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** x[n,3,4] → Reshape(x, Concat([-1], Gather(Shape(x), [1,2]))): only static dims are read. */
  static Model partialShapeChain() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of(3), Dim.of(4)));
    Value shape = b.op("Shape", x);
    Value tail = b.op("Gather", shape, b.constant(DenseTensor.vector("idx", 1, 2)));
    Value target = b.op("Concat", List.of(b.constant(DenseTensor.vector("head", -1)), tail), Attribute.of("axis", 0L));
    Value y = b.op("Reshape", x, target);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * The BERT position-id idiom: y = Slice(table[1,8], [0], Unsqueeze(Gather(Shape(x[n,s]), 1)),
   * [1]): the end is a run-time size, so the slice must not fold.
   */
  static Model sliceToRuntimeLength() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n"), Dim.of("s")));
    Value table = b.initializer("table", DenseTensor.ofLongs("table", new long[] {1, 8}, 0, 1, 2, 3, 4, 5, 6, 7));
    Value seq = b.op("Gather", b.op("Shape", x), b.constant(DenseTensor.ofLongs("one", new long[0], 1)));
    Value end = b.op("Unsqueeze", seq, b.constant(DenseTensor.vector("axes", 0)));
    Value y = b.op("Slice", table, b.constant(DenseTensor.vector("starts", 0)), end, b.constant(DenseTensor.vector("axis1", 1)));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** y = x + ConstantOfShape([side, side]) with float zeros: side*side*4 bytes from 16 bytes of input. */
  static Model bigConstantOfShape(long side) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(side, side));
    Value filled = b.op("ConstantOfShape", b.constant(DenseTensor.vector("dims", side, side)));
    Value y = b.op("Add", x, filled);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** y = x + (RandomUniform([2]) * 2): the random draw must stay a node. */
  static Model random() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value r = b.op("RandomUniform", List.of(), Attribute.ofInts("shape", 2));
    Value scaled = b.op("Mul", r, b.constant(DenseTensor.ofFloats("two", new long[0], 2f)));
    Value y = b.op("Add", x, scaled);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** Two outputs: x + 1 and "k" = Add(c, c) of constants only, with identical c copies. */
  static Model constantOutput() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value c1 = b.initializer("c1", DenseTensor.ofFloats("c1", new long[] {2}, 1f, 2f));
    Value c2 = b.initializer("c2", DenseTensor.ofFloats("c2", new long[] {2}, 1f, 2f));
    Value y = b.op("Add", x, c1);
    y.setName("y");
    Value k = b.op("Add", c1, c2);
    k.setName("k");
    Value z = b.op("Mul", y, c2);
    z.setName("z");
    b.output(z, k);
    return b.model();
  }

  /** y = Reshape(x[2,3], target) with target = Constant([3, 2]) named "target": a Constant node to lift. */
  static Model constantNode() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3));
    Value target = b.op("Constant", List.of(), Attribute.of("value", DenseTensor.vector("target", 3, 2)));
    target.setName("target");
    Value y = b.op("Reshape", x, target);
    y.setName("y");
    b.output(y);
    return b.model();
  }
}
