package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.List;

/**
 * Operators that do not exist below their opset, written out in primitives that do: down across
 * their first version they are replaced by nodes in the target's forms (their outputs keep their
 * names). Up there is nothing to do (they cannot exist before).
 */
final class Expansions {
  private Expansions() {}

  /**
   * LayerNormalization (17) = {@code (x - mean) / sqrt(var + epsilon) * scale + bias}, mean and
   * variance over the axes from {@code axis} to the last, computed in float32 when {@code
   * stash_type} is 1 (the default) and x is a 16-bit float. Its optional Mean and InvStdDev outputs
   * must be unused; the rank must be known.
   */
  static final class LayerNormalization implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      for (int i = 1; i < node.outputs().size(); i++) {
        if (node.output(i) != null && node.output(i).isUsed()) {
          throw context.refuse(node, "its output " + i + " ('" + node.output(i).name() + "') is used; only Y is expanded");
        }
      }
      Value x = node.input(0);
      int rank = ConversionContext.rank(x);
      DataType type = x.dataType().orElse(null);
      if (rank < 0 || type == null) {
        throw context.refuse(node, "the rank and type of its input must be known to expand it");
      }
      long axis = node.intAttribute("axis", -1);
      long first = axis < 0 ? axis + rank : axis;
      long[] axes = new long[(int) (rank - first)];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = first + i;
      }
      boolean widen = node.intAttribute("stash_type", 1) == 1 && (type == DataType.FLOAT16 || type == DataType.BFLOAT16);
      DataType compute = widen ? DataType.FLOAT : type;
      Value in = widen ? cast(node, context, x, DataType.FLOAT) : x;
      Value mean = reduceMean(node, context, in, axes);
      Value d = context.before(node, "Sub", List.of(in, mean), 1).output(0);
      Value var = reduceMean(node, context, context.before(node, "Mul", List.of(d, d), 1).output(0), axes);
      Value eps = context.scalar(node, node.name() + "_epsilon", compute, node.floatAttribute("epsilon", 1e-5f));
      Value std = context.before(node, "Sqrt", List.of(context.before(node, "Add", List.of(var, eps), 1).output(0)), 1).output(0);
      Value y = context.before(node, "Div", List.of(d, std), 1).output(0);
      if (widen) {
        y = cast(node, context, y, type);
      }
      y = context.before(node, "Mul", List.of(y, node.input(1)), 1).output(0);
      if (ConversionContext.given(node, 2)) {
        y = context.before(node, "Add", List.of(y, node.input(2)), 1).output(0);
      }
      context.note(node, "expanded into ReduceMean, Sub, Mul, Add, Sqrt, Div (no LayerNormalization before opset 17)");
      ConversionContext.replace(node, y);
      return null;
    }

    private static Value reduceMean(Node node, ConversionContext context, Value x, long[] axes) {
      if (context.target() >= 18) {
        return context.before(node, "ReduceMean", List.of(x, context.int64s(node, node.name() + "_axes", axes)), 1).output(0);
      }
      return context.before(node, "ReduceMean", List.of(x), 1, Attribute.ofInts("axes", axes)).output(0);
    }
  }

  /**
   * Gelu (20) = {@code 0.5 * x * (1 + erf(x / sqrt(2)))}, or with {@code approximate="tanh"}
   * {@code 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))}.
   */
  static final class Gelu implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      Value x = node.input(0);
      DataType type = x.dataType().orElseThrow(() -> context.refuse(node, "the type of its input must be known to expand it"));
      String approximate = node.attribute("approximate").map(a -> ((Attribute.StringAttr) a).value()).orElse("none");
      Value inner;
      if (approximate.equals("tanh")) {
        Value cube = context.before(node, "Mul", List.of(x, context.before(node, "Mul", List.of(x, x), 1).output(0)), 1).output(0);
        Value k = context.scalar(node, node.name() + "_k", type, 0.044715);
        Value sum = context.before(node, "Add", List.of(x, context.before(node, "Mul", List.of(cube, k), 1).output(0)), 1).output(0);
        Value c = context.scalar(node, node.name() + "_c", type, Math.sqrt(2 / Math.PI));
        inner = context.before(node, "Tanh", List.of(context.before(node, "Mul", List.of(sum, c), 1).output(0)), 1).output(0);
      } else {
        Value s = context.scalar(node, node.name() + "_sqrt2", type, Math.sqrt(2));
        inner = context.before(node, "Erf", List.of(context.before(node, "Div", List.of(x, s), 1).output(0)), 1).output(0);
      }
      Value one = context.scalar(node, node.name() + "_one", type, 1);
      Value half = context.scalar(node, node.name() + "_half", type, 0.5);
      Value plus = context.before(node, "Add", List.of(inner, one), 1).output(0);
      Value y = context.before(node, "Mul", List.of(context.before(node, "Mul", List.of(x, half), 1).output(0), plus), 1).output(0);
      context.note(node, "expanded into " + (approximate.equals("tanh") ? "Tanh" : "Erf") + " and arithmetic (no Gelu before opset 20)");
      ConversionContext.replace(node, y);
      return null;
    }
  }

  private static Value cast(Node node, ConversionContext context, Value x, DataType to) {
    return context.before(node, "Cast", List.of(x), 1, Attribute.of("to", (long) to.code())).output(0);
  }

  /** HardSwish (14) = {@code x * HardSigmoid(x, alpha=1/6, beta=0.5)}, its definition. */
  static final class HardSwish implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      Value x = node.input(0);
      Value gate = context.before(node, "HardSigmoid", List.of(x), 1, Attribute.of("alpha", 1f / 6),
          Attribute.of("beta", 0.5f)).output(0);
      Value y = context.before(node, "Mul", List.of(x, gate), 1).output(0);
      context.note(node, "expanded into HardSigmoid and Mul (no HardSwish before opset 14)");
      ConversionContext.replace(node, y);
      return null;
    }
  }

  /**
   * GreaterOrEqual and LessOrEqual (12) = {@code Not(Less(a, b))} and {@code Not(Greater(a, b))},
   * exact for integers and booleans. Floats are refused: with a NaN operand the comparison is
   * false but the negation true.
   */
  static final class OrEqual implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      DataType type = node.input(0).dataType().orElse(null);
      if (type == null || type.isFloatingPoint()) {
        throw context.refuse(node, "Not(" + (node.opType().equals("GreaterOrEqual") ? "Less" : "Greater")
            + ") differs on NaN, so only integer operands are expanded (its operands are "
            + (type == null ? "of unknown type" : type.displayName()) + ")");
      }
      String strict = node.opType().equals("GreaterOrEqual") ? "Less" : "Greater";
      Value c = context.before(node, strict, List.of(node.input(0), node.input(1)), 1).output(0);
      Value y = context.before(node, "Not", List.of(c), 1).output(0);
      context.note(node, "expanded into Not(" + strict + ") (no " + node.opType() + " before opset 12)");
      ConversionContext.replace(node, y);
      return null;
    }
  }

  /**
   * Shape-15's {@code start}/{@code end}: below 15 the slice of the shape is a Slice of the whole
   * shape. Up there is nothing to do.
   */
  static final class ShapeRange implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      long start = node.intAttribute("start", 0);
      boolean hasEnd = node.attribute("end").isPresent();
      node.removeAttribute("start");
      node.removeAttribute("end");
      if (start == 0 && !hasEnd) {
        return node;
      }
      long end = hasEnd ? node.intAttribute("end", Long.MAX_VALUE) : Long.MAX_VALUE;
      Value starts = context.int64s(node, node.name() + "_start", start);
      Value ends = context.int64s(node, node.name() + "_end", end);
      Value axes = context.int64s(node, node.name() + "_axes", 0);
      ConversionContext.follow(node, "Slice", List.of(starts, ends, axes));
      context.note(node, "start/end became a Slice of the shape (before opset 15)");
      return node;
    }
  }
}
