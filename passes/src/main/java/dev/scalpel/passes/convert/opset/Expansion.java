package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.List;

/**
 * An operator that does not exist below its opset, written out in primitives that do: down across
 * its first version it is replaced by the nodes of its {@link Equation} (its output keeps its
 * name), and the change is noted as "expanded into ... (no OP before opset N)". Up there is
 * nothing to do (it cannot exist before). {@link Adapters} lists which operator expands at which
 * version; each equation below is only the arithmetic.
 */
final class Expansion implements OpAdapter {
  /** An operator's definition in primitives that exist before it. */
  @FunctionalInterface
  interface Equation {
    /**
     * Inserts the primitives that compute {@code p.node}'s first output before it.
     *
     * @return the value that replaces the node's output 0, and the primitives it used (for the note)
     * @throws dev.scalpel.passes.convert.ConversionException for a node it cannot expand
     */
    Expanded expand(Primitives p);
  }

  /** An expansion's result: the value replacing the node's output, and what it was written in. */
  record Expanded(Value output, String into) {}

  private final Equation equation;

  private Expansion(Equation equation) {
    this.equation = equation;
  }

  /** LayerNormalization (17): {@link #layerNormalization}. */
  static final OpAdapter LAYER_NORMALIZATION = new Expansion(Expansion::layerNormalization);
  /** Gelu (20): {@link #gelu}. */
  static final OpAdapter GELU = new Expansion(Expansion::gelu);
  /** HardSwish (14): {@link #hardSwish}. */
  static final OpAdapter HARD_SWISH = new Expansion(Expansion::hardSwish);
  /** GreaterOrEqual and LessOrEqual (12): {@link #orEqual}. */
  static final OpAdapter OR_EQUAL = new Expansion(Expansion::orEqual);

  @Override
  public Node upgrade(Node node, ConversionContext context) {
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    Expanded e = equation.expand(new Primitives(node, context));
    context.note(node, "expanded into " + e.into() + " (no " + node.opType() + " before opset " + context.boundary() + ")");
    ConversionContext.replace(node, e.output());
    return null;
  }

  /**
   * Nodes of primitive operators inserted before the node being expanded, each with one output;
   * constants are named after the node.
   */
  static final class Primitives {
    final Node node;
    final ConversionContext context;

    Primitives(Node node, ConversionContext context) {
      this.node = node;
      this.context = context;
    }

    Value op(String opType, Value... inputs) {
      return context.before(node, opType, List.of(inputs), 1).output(0);
    }

    Value op(String opType, List<Value> inputs, Attribute... attributes) {
      return context.before(node, opType, inputs, 1, attributes).output(0);
    }

    /** A scalar of {@code type} named {@code NODE_suffix}. */
    Value scalar(String suffix, DataType type, double value) {
      return context.scalar(node, node.name() + "_" + suffix, type, value);
    }

    Value cast(Value x, DataType to) {
      return op("Cast", List.of(x), Attribute.of("to", (long) to.code()));
    }

    /** {@code ReduceMean(x)} over {@code axes}, as an input from opset 18 and an attribute before. */
    Value reduceMean(Value x, long[] axes) {
      if (context.target() >= 18) {
        return op("ReduceMean", x, context.int64s(node, node.name() + "_axes", axes));
      }
      return op("ReduceMean", List.of(x), Attribute.ofInts("axes", axes));
    }
  }

  /**
   * LayerNormalization (17) = {@code (x - mean) / sqrt(var + epsilon) * scale + bias}, mean and
   * variance over the axes from {@code axis} to the last, computed in float32 when {@code
   * stash_type} is 1 (the default) and x is a 16-bit float. Its optional Mean and InvStdDev outputs
   * must be unused; the rank must be known.
   */
  private static Expanded layerNormalization(Primitives p) {
    Node node = p.node;
    for (int i = 1; i < node.outputs().size(); i++) {
      if (node.output(i) != null && node.output(i).isUsed()) {
        throw p.context.refuse(node, "its output " + i + " ('" + node.output(i).name() + "') is used; only Y is expanded");
      }
    }
    Value x = node.input(0);
    int rank = ConversionContext.rank(x);
    DataType type = x.dataType().orElse(null);
    if (rank < 0 || type == null) {
      throw p.context.refuse(node, "the rank and type of its input must be known to expand it");
    }
    long axis = node.intAttribute("axis", -1);
    long first = axis < 0 ? axis + rank : axis;
    long[] axes = new long[(int) (rank - first)];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = first + i;
    }
    boolean widen = node.intAttribute("stash_type", 1) == 1 && (type == DataType.FLOAT16 || type == DataType.BFLOAT16);
    DataType compute = widen ? DataType.FLOAT : type;
    Value in = widen ? p.cast(x, DataType.FLOAT) : x;
    Value mean = p.reduceMean(in, axes);
    Value d = p.op("Sub", in, mean);
    Value var = p.reduceMean(p.op("Mul", d, d), axes);
    Value eps = p.scalar("epsilon", compute, node.floatAttribute("epsilon", 1e-5f));
    Value y = p.op("Div", d, p.op("Sqrt", p.op("Add", var, eps)));
    if (widen) {
      y = p.cast(y, type);
    }
    y = p.op("Mul", y, node.input(1));
    if (ConversionContext.given(node, 2)) {
      y = p.op("Add", y, node.input(2));
    }
    return new Expanded(y, "ReduceMean, Sub, Mul, Add, Sqrt, Div");
  }

  /**
   * Gelu (20) = {@code 0.5 * x * (1 + erf(x / sqrt(2)))}, or with {@code approximate="tanh"}
   * {@code 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))}.
   */
  private static Expanded gelu(Primitives p) {
    Node node = p.node;
    Value x = node.input(0);
    DataType type = x.dataType().orElseThrow(() -> p.context.refuse(node, "the type of its input must be known to expand it"));
    boolean tanh = node.attribute("approximate").map(a -> ((Attribute.StringAttr) a).value()).orElse("none").equals("tanh");
    Value inner;
    if (tanh) {
      Value cube = p.op("Mul", x, p.op("Mul", x, x));
      Value sum = p.op("Add", x, p.op("Mul", cube, p.scalar("k", type, 0.044715)));
      inner = p.op("Tanh", p.op("Mul", sum, p.scalar("c", type, Math.sqrt(2 / Math.PI))));
    } else {
      inner = p.op("Erf", p.op("Div", x, p.scalar("sqrt2", type, Math.sqrt(2))));
    }
    Value one = p.scalar("one", type, 1);
    Value half = p.scalar("half", type, 0.5);
    Value plus = p.op("Add", inner, one);
    return new Expanded(p.op("Mul", p.op("Mul", x, half), plus), (tanh ? "Tanh" : "Erf") + " and arithmetic");
  }

  /** HardSwish (14) = {@code x * HardSigmoid(x, alpha=1/6, beta=0.5)}, its definition. */
  private static Expanded hardSwish(Primitives p) {
    Value x = p.node.input(0);
    Value gate = p.op("HardSigmoid", List.of(x), Attribute.of("alpha", 1f / 6), Attribute.of("beta", 0.5f));
    return new Expanded(p.op("Mul", x, gate), "HardSigmoid and Mul");
  }

  /**
   * GreaterOrEqual and LessOrEqual (12) = {@code Not(Less(a, b))} and {@code Not(Greater(a, b))},
   * exact for integers and booleans. Floats are refused: with a NaN operand the comparison is
   * false but the negation true.
   */
  private static Expanded orEqual(Primitives p) {
    Node node = p.node;
    String strict = node.opType().equals("GreaterOrEqual") ? "Less" : "Greater";
    DataType type = node.input(0).dataType().orElse(null);
    if (type == null || type.isFloatingPoint()) {
      throw p.context.refuse(node, "Not(" + strict + ") differs on NaN, so only integer operands are expanded (its operands are "
          + (type == null ? "of unknown type" : type.displayName()) + ")");
    }
    return new Expanded(p.op("Not", p.op(strict, node.input(0), node.input(1))), "Not(" + strict + ")");
  }
}
