package dev.scalpel.runtime;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.passes.Analyses;
import java.util.List;
import java.util.Optional;

/**
 * The original model seen through a rewritten model's input types, for checking a rewrite that
 * changes the element type of inputs and outputs on purpose (a float16 conversion without kept io
 * types): every input whose floating-point type differs is declared in the rewritten model's type
 * on a copy of the original, with a Cast to the original's type right after it. So both models take
 * the same inputs (the checker generates them once, in the new type) and the reference computes
 * everything else as the original does, in its own precision, its outputs included; the check
 * widens the rewritten model's narrower outputs ({@link EquivalenceChecker.OutputTypes#WIDENED}).
 *
 * <p>NOTE: the reference's outputs are not rounded to the narrow type. They once were (a Cast
 * before each output), and then an error below half a float16 step of an output vanished: float16
 * YOLOs reported an error of exactly 0 against float32. Widening inside the graph (a Cast to
 * float32 after the rewritten model's output) does not work either: ONNX Runtime's CPU provider runs
 * float16 ops it has no kernel for in float32 and removes the Cast pairs that leaves, so the output
 * is never rounded; the widening happens in Java, on the tensor ONNX Runtime returns.
 *
 * <p>Invariants: the original is not changed (the copy shares its tensors, so no weight is
 * copied); input and output names stay; only inputs that exist in both, are tensors of
 * floating-point type in both, and differ in type are touched.
 */
public final class RetypedReference {
  private RetypedReference() {}

  /** A copy of {@code original} with the float input types of {@code rewritten}; its outputs as they are. */
  public static Model of(Model original, Model rewritten) {
    Model copy = original.deepCopy();
    // NOTE: a model built in code may declare no output types; inference (which only refines)
    // supplies them, else an output whose type changed would be compared as if it had not.
    new Analyses().shapes(copy);
    Graph g = copy.graph();
    for (Value in : List.copyOf(g.inputs())) {
      Optional<DataType> to = changedFloatType(in, find(rewritten.graph().inputs(), in.name()));
      if (to.isEmpty() || in.isInitializer()) {
        continue;
      }
      DataType was = in.dataType().orElseThrow();
      String name = in.name();
      in.setName(g.freshValueName(name + "_as_" + was.displayName()));
      Value typed = new Value(name, retype(in.type(), to.get()));
      int index = g.inputs().indexOf(in);
      g.insertInput(index, typed);
      Node cast = cast(g, typed, was, g.freshValueName(name + "_cast"));
      if (g.nodeCount() > 0) {
        g.insertBefore(g.nodes().get(0), cast);
      } else {
        g.append(cast);
      }
      in.replaceAllUsesWith(cast.output(0));
      for (int i = 0; i < g.outputs().size(); i++) {
        if (g.outputs().get(i) == in) {
          g.setOutput(i, cast.output(0));
        }
      }
      g.removeInput(in);
    }
    return copy;
  }

  private static Node cast(Graph g, Value x, DataType to, String outputName) {
    Node cast = new Node(null, "Cast", List.of(x), List.of(outputName),
        List.of(new Attribute.IntAttr("to", to.code(), Unmodeled.NONE)));
    cast.setName(g.freshNodeName("reference_cast_" + outputName));
    cast.output(0).setType(retype(x.type(), to));
    return cast;
  }

  private static Optional<DataType> changedFloatType(Value original, Value rewritten) {
    if (rewritten == null) {
      return Optional.empty();
    }
    Optional<DataType> was = original.dataType();
    Optional<DataType> now = rewritten.dataType();
    if (was.isEmpty() || now.isEmpty() || was.get() == now.get()
        || !was.get().isFloatingPoint() || !now.get().isFloatingPoint()) {
      return Optional.empty();
    }
    return now;
  }

  private static Value find(List<Value> values, String name) {
    for (Value v : values) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static ValueType retype(ValueType type, DataType to) {
    return type instanceof ValueType.TensorType t
        ? new ValueType.TensorType(to, t.shape(), t.denotation())
        : new ValueType.TensorType(to, null);
  }
}
