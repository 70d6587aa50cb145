package dev.scalpel.runtime;

import dev.scalpel.passes.Analyses;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Shape inference of a model over its {@link DimPlan} symbols, on a copy: each dynamic input dim
 * is named by its plan symbol, and intermediate values start untyped, so that what is inferred
 * follows from the inputs alone. {@link DimConditions} reads the requirements it records and
 * {@link CheckFootprint} the sizes of its values; one check computes it once for both.
 *
 * <p>Invariant: the model given is never changed; inference runs at most once, on first use of
 * {@link #result()} or {@link #inferred()}.
 */
final class PlanInference {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Model copy;
  private final Map<String, String> nameBySymbol;
  private ShapeInference.Result result;

  private PlanInference(Model copy, Map<String, String> nameBySymbol) {
    this.copy = copy;
    this.nameBySymbol = Collections.unmodifiableMap(nameBySymbol);
  }

  /** Prepares the copy of {@code model}; inference itself waits for the first reader. */
  static PlanInference of(Model model) {
    Map<String, String> nameBySymbol = new LinkedHashMap<>();
    Model copy = symbolNamedCopy(model, nameBySymbol);
    return new PlanInference(copy, nameBySymbol);
  }

  /** Plan symbol → the name inference uses for it (the symbol itself when it is an identifier). */
  Map<String, String> nameBySymbol() {
    return nameBySymbol;
  }

  /** The inference result over the plan symbols. */
  ShapeInference.Result result() {
    if (result == null) {
      result = new Analyses().shapes(copy);
    }
    return result;
  }

  /** The copy, its values typed by {@link #result()}. */
  Model inferred() {
    result();
    return copy;
  }

  /**
   * A copy of {@code model} for inference over plan symbols: each dynamic input dim is named by
   * its plan symbol as inference reads it ({@code nameBySymbol} receives plan symbol → that name),
   * and node outputs have no declared types, so that only what the inputs imply is inferred.
   */
  private static Model symbolNamedCopy(Model model, Map<String, String> nameBySymbol) {
    Model copy = model.deepCopy();
    for (Value in : copy.graph().inputs()) {
      if (in.isInitializer() || !(in.type() instanceof ValueType.TensorType t) || t.shape() == null) {
        continue;
      }
      List<Dim> dims = new ArrayList<>();
      for (int axis = 0; axis < t.shape().rank(); axis++) {
        Dim d = t.shape().dim(axis);
        String symbol = DimPlan.symbolOf(in.name(), axis, d);
        if (symbol == null) {
          dims.add(d);
          continue;
        }
        String name = nameBySymbol.computeIfAbsent(symbol, s -> inferenceName(s, nameBySymbol.size()));
        dims.add(Dim.of(name));
      }
      in.setType(new ValueType.TensorType(t.elementType(), Shape.of(dims)));
    }
    for (Node n : copy.graph()) {
      // NOTE: declared types of intermediate values and outputs may use the old dim names, or
      // sizes that a run does not produce; inference starts from the inputs alone.
      n.outputs().forEach(v -> v.setType(null));
    }
    return copy;
  }

  /**
   * A plan symbol as inference will read it: itself when it is an identifier that parses as one
   * symbol, else {@code dim<n>} (unknown dims are {@code x[2]}, and a dim_param may be any text).
   * NOTE: inference's fresh symbols avoid the names the model's inputs declare, so no clash.
   */
  private static String inferenceName(String symbol, int index) {
    if (IDENTIFIER.matcher(symbol).matches() && SymExpr.parse(symbol).equals(SymExpr.symbol(symbol))) {
      return symbol;
    }
    return "dim" + index + "_";
  }

}
