package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Small models for the rules that recurrent and windowed-attention exports need: zero initial
 * states, a Gather behind a Transpose, a Reshape target with one run-time element. Shared by the
 * rule tests and the ONNX Runtime checks. Every model ends in a node after the rewritten part;
 * "N" is a dynamic batch.
 */
public final class SequenceRuleFixtures {
  private SequenceRuleFixtures() {}

  private static final Dim N = new Dim.Symbolic("N");

  /** In {@link #reshapeWithElements}: this element is dim 0 of x, read at run time. */
  public static final long RUNTIME_DIM0 = Long.MIN_VALUE;

  /** Where the initial states of {@link #recurrent} come from. */
  public enum StateSource {
    /** ConstantOfShape([2·dirs, N, 5]) of zero, sliced to the first dirs rows, as PyTorch exports h0. */
    SLICED_ZEROS,
    /** The same with a fill of 1: must stay. */
    SLICED_ONES,
    /** A graph input: must stay. */
    INPUT
  }

  /**
   * x[3, N, 4] → {@code op} (hidden 5, {@code direction}) with initial states from {@code source}
   * (initial_h, and initial_c for LSTM) → Relu of Y and of Y_h.
   */
  public static Model recurrent(String op, String direction, StateSource source) {
    int gates = switch (op) {
      case "LSTM" -> 4;
      case "GRU" -> 3;
      default -> 1;
    };
    long dirs = direction.equals("bidirectional") ? 2 : 1;
    long hidden = 5;
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(Dim.of(3), N, Dim.of(4)));
    Random r = new Random(21);
    Value w = g.initializer("W", random(new long[] {dirs, gates * hidden, 4}, r));
    Value rr = g.initializer("R", random(new long[] {dirs, gates * hidden, hidden}, r));
    Value b = g.initializer("B", random(new long[] {dirs, 2 * gates * hidden}, r));
    Value state;
    if (source == StateSource.INPUT) {
      state = g.input("h0", DataType.FLOAT, Shape.of(Dim.of(dirs), N, Dim.of(hidden)));
    } else {
      Value batch = g.op("Slice", g.op("Shape", x), g.constant(DenseTensor.vector("one", 1)),
          g.constant(DenseTensor.vector("two", 2)));
      Value size = g.op("Concat", Arrays.asList(g.constant(DenseTensor.vector("rows", 2 * dirs)), batch,
          g.constant(DenseTensor.vector("hidden", hidden))), Attribute.of("axis", 0L));
      float fill = source == StateSource.SLICED_ZEROS ? 0f : 1f;
      Value all = g.op("ConstantOfShape", Arrays.asList(size),
          Attribute.of("value", DenseTensor.ofFloats("", new long[] {1}, fill)));
      state = g.op("Slice", all, g.constant(DenseTensor.vector("from", 0)), g.constant(DenseTensor.vector("to", dirs)));
    }
    List<Value> inputs = new ArrayList<>(Arrays.asList(x, w, rr, b, null, state));
    if (op.equals("LSTM")) {
      inputs.add(state);
    }
    List<Value> outputs = g.ops(op, op.equals("LSTM") ? 3 : 2, inputs,
        Attribute.of("hidden_size", hidden), Attribute.of("direction", direction));
    g.output(g.op("Relu", outputs.get(0)), g.op("Relu", outputs.get(1)));
    return g.model();
  }

  /**
   * x[N, 3, 4] → Transpose(perm) → Gather(indices, axis) → Relu; indices a scalar −1 when
   * {@code scalar}, else [0, 2].
   */
  public static Model gatherAfterTranspose(long[] perm, long axis, boolean scalar) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, Dim.of(3), Dim.of(4)));
    Value t = g.op("Transpose", Arrays.asList(x), Attribute.ofInts("perm", perm));
    Value indices = g.constant(scalar ? DenseTensor.ofLongs("i", new long[0], -1) : DenseTensor.vector("i", 0, 2));
    g.output(g.op("Relu", g.op("Gather", Arrays.asList(t, indices), Attribute.of("axis", axis))));
    return g.model();
  }

  /**
   * x[N, 4, 6] → Reshape(Concat of one piece per element) → Relu: {@link #RUNTIME_DIM0} is the
   * piece Slice(Shape(x), 0, 1), any other element a constant.
   */
  public static Model reshapeWithElements(long... elements) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(N, Dim.of(4), Dim.of(6)));
    List<Value> pieces = new ArrayList<>();
    for (long e : elements) {
      pieces.add(e == RUNTIME_DIM0
          ? g.op("Slice", g.op("Shape", x), g.constant(DenseTensor.vector("zero", 0)), g.constant(DenseTensor.vector("one", 1)))
          : g.constant(DenseTensor.vector("element", e)));
    }
    Value target = g.op("Concat", pieces, Attribute.of("axis", 0L));
    g.output(g.op("Relu", g.op("Reshape", x, target)));
    return g.model();
  }

  private static DenseTensor random(long[] dims, Random r) {
    int n = (int) Arrays.stream(dims).reduce(1, (a, c) -> a * c);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return DenseTensor.ofFloats("", dims, v);
  }
}
