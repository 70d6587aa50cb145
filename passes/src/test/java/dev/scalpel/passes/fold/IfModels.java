package dev.scalpel.passes.fold;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;

/**
 * Models with If nodes for the inlining tests, shared with the ONNX Runtime checks in runtime
 * through the passes test-jar. Every model has a float input x[2] and a float graph output "y".
 */
public final class IfModels {
  private IfModels() {}

  /**
   * y = If(Size(x) == size): then (x + [1, 2]) * 3 with the constants as branch initializers,
   * else x - 5. With size 2 the then branch is taken, otherwise the else branch.
   */
  public static Model computedCondition(long size) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value cond = b.op("Equal", b.op("Size", x), b.constant(DenseTensor.ofLongs("size", new long[0], size)));
    GraphBuilder then = b.subgraph("then");
    Value sum = then.op("Add", x, then.constant(DenseTensor.ofFloats("bias", new long[] {2}, 1f, 2f)));
    then.output(then.op("Mul", sum, then.constant(DenseTensor.ofFloats("three", new long[0], 3f))));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Sub", x, otherwise.constant(DenseTensor.ofFloats("five", new long[0], 5f))));
    Value y = ifNode(b, cond, then.graph(), otherwise.graph());
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * The then branch returns x itself (a value from outside the branch) and the If's output is the
   * graph output "y"; the else branch returns -x. The condition is the initializer {@code cond}.
   */
  public static Model branchReturnsOuterValue(boolean cond) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value c = b.constant(bool("cond", cond));
    GraphBuilder then = b.subgraph("then");
    then.output(x);
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Neg", x));
    Value y = ifNode(b, c, then.graph(), otherwise.graph());
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * An If (constant condition {@code outer}) whose then branch holds another If: the inner one's
   * condition is the graph input {@code flag} when {@code innerConstant} is false, the constant
   * {@code true} otherwise. Inner then: (x * 2) + t, inner else: t - 1, where t = x + 10 is computed
   * in the outer then branch (so the inner branches read a moved value). Outer else: x.
   * y = If(...) + 0.5 (the If output is read by a node, not a graph output).
   */
  public static Model nested(boolean outer, boolean innerConstant) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value flag = b.input("flag", DataType.BOOL, Shape.of(new long[0]));
    Value outerCond = b.constant(bool("outer_cond", outer));
    GraphBuilder then = b.subgraph("outer_then");
    Value t = then.op("Add", x, then.constant(DenseTensor.ofFloats("ten", new long[0], 10f)));
    Value innerCond = innerConstant ? then.constant(bool("inner_cond", true)) : flag;
    GraphBuilder innerThen = then.subgraph("inner_then");
    Value doubled = innerThen.op("Mul", x, innerThen.constant(DenseTensor.ofFloats("two", new long[0], 2f)));
    innerThen.output(innerThen.op("Add", doubled, t));
    GraphBuilder innerElse = then.subgraph("inner_else");
    innerElse.output(innerElse.op("Sub", t, innerElse.constant(DenseTensor.ofFloats("one", new long[0], 1f))));
    then.output(ifNode(then, innerCond, innerThen.graph(), innerElse.graph()));
    GraphBuilder otherwise = b.subgraph("outer_else");
    otherwise.output(otherwise.op("Identity", x));
    Value r = ifNode(b, outerCond, then.graph(), otherwise.graph());
    Value y = b.op("Add", r, b.constant(DenseTensor.ofFloats("half", new long[0], 0.5f)));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * An If on the graph input {@code flag} whose then branch holds an If with the constant condition
   * true (then x * 2, else x - 1); the outer else branch is -x. Only the inner If can be inlined,
   * into the outer then branch.
   */
  public static Model constantIfInsideARunTimeIf() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value flag = b.input("flag", DataType.BOOL, Shape.of(new long[0]));
    GraphBuilder then = b.subgraph("outer_then");
    Value innerCond = then.constant(bool("inner_cond", true));
    GraphBuilder innerThen = then.subgraph("inner_then");
    innerThen.output(innerThen.op("Mul", x, innerThen.constant(DenseTensor.ofFloats("two", new long[0], 2f))));
    GraphBuilder innerElse = then.subgraph("inner_else");
    innerElse.output(innerElse.op("Sub", x, innerElse.constant(DenseTensor.ofFloats("one", new long[0], 1f))));
    then.output(ifNode(then, innerCond, innerThen.graph(), innerElse.graph()));
    GraphBuilder otherwise = b.subgraph("outer_else");
    otherwise.output(otherwise.op("Neg", x));
    Value y = ifNode(b, flag, then.graph(), otherwise.graph());
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * Two Ifs whose then branches both define a value named "tmp" and a node named "shared" (as
   * files written by exporters do, though Scalpel's verifier rejects it). The first If has the
   * constant condition true, the second reads the graph input {@code flag}. y = first + second,
   * each then branch computing tmp = x + k, out = tmp * tmp; else branches return x.
   */
  public static Model collidingNames() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value flag = b.input("flag", DataType.BOOL, Shape.of(new long[0]));
    Value always = b.constant(bool("always", true));
    Value k1 = b.constant(DenseTensor.ofFloats("k1", new long[0], 1f));
    Value k2 = b.constant(DenseTensor.ofFloats("k2", new long[0], 2f));
    Value first = ifNode(b, always, branchWithTmp(x, k1), identityBranch(x, "a"));
    Value second = ifNode(b, flag, branchWithTmp(x, k2), identityBranch(x, "b"));
    Value y = b.op("Add", first, second);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  private static Graph branchWithTmp(Value x, Value k) {
    Graph g = new Graph("then");
    Node add = g.append(new Node(null, "Add", List.of(x, k), List.of("tmp"), List.of()));
    add.setName("shared");
    Node square = g.append(new Node(null, "Mul", List.of(add.output(0), add.output(0)), List.of(
        k.name() + "_out"), List.of()));
    square.output(0).setType(ValueType.tensor(DataType.FLOAT, Shape.of(2)));
    g.addOutput(square.output(0));
    return g;
  }

  private static Graph identityBranch(Value x, String suffix) {
    Graph g = new Graph("else");
    Node id = g.append(new Node(null, "Identity", List.of(x), List.of("else_out_" + suffix),
        List.of()));
    id.output(0).setType(ValueType.tensor(DataType.FLOAT, Shape.of(2)));
    g.addOutput(id.output(0));
    return g;
  }

  private static DenseTensor bool(String name, boolean value) {
    return DenseTensor.wrap(name, DataType.BOOL, new long[0], java.nio.ByteBuffer.wrap(new byte[] {(byte) (value ? 1 : 0)}));
  }

  private static Value ifNode(GraphBuilder b, Value cond, Graph then, Graph otherwise) {
    Value out = b.op("If", List.of(cond), Attribute.of("then_branch", then), Attribute.of("else_branch", otherwise));
    out.setType(ValueType.tensor(DataType.FLOAT, Shape.of(2)));
    for (Graph g : List.of(then, otherwise)) {
      for (Value o : g.outputs()) {
        if (o.type() == null) {
          o.setType(ValueType.tensor(DataType.FLOAT, Shape.of(2)));
        }
      }
    }
    return out;
  }
}
