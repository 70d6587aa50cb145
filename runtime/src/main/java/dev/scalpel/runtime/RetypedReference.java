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
 * The original model seen through a rewritten model's signature, for checking a rewrite that
 * changes the element type of inputs or outputs on purpose (a float16 conversion without kept io
 * types): every input and output whose floating-point type differs between the two is declared in
 * the rewritten model's type on a copy of the original, with a Cast to the original's type right
 * after the input and a Cast to the new type right before the output.
 *
 * <p>So both models take the same inputs (the checker generates them once, in the new type) and
 * the reference computes everything else as the original does, in its own precision; only its
 * inputs and outputs are rounded to the new type. {@link EquivalenceChecker} then compares
 * like with like ({@link SignatureComparator} would otherwise refuse the changed input types, and
 * {@link TensorDiff} fail the changed output types).
 *
 * <p>Invariants: the original is not changed (the copy shares its tensors, so no weight is
 * copied); input and output names stay; only inputs and outputs that exist in both, are tensors of
 * floating-point type in both, and differ in type are touched.
 */
public final class RetypedReference {
  private RetypedReference() {}

  /** A copy of {@code original} with the float input and output types of {@code rewritten}. */
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
    for (int i = 0; i < g.outputs().size(); i++) {
      Value out = g.outputs().get(i);
      Optional<DataType> to = changedFloatType(out, find(rewritten.graph().outputs(), out.name()));
      if (to.isEmpty()) {
        continue;
      }
      String name = out.name();
      out.setName(g.freshValueName(name + "_as_" + out.dataType().orElseThrow().displayName()));
      if (g.declaresValueInfo(out)) {
        g.removeValueInfo(out);
      }
      Node cast = cast(g, out, to.get(), name);
      g.append(cast);
      g.setOutput(i, cast.output(0));
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
