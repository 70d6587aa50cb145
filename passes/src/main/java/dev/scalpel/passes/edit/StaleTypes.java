package dev.scalpel.passes.edit;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.Downstream;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forgets the types of the values an edit may have changed (the given roots and everything computed
 * from them in the main graph) and infers them again.
 *
 * <p>NOTE: element types go too, not only shapes: an inserted Cast changes the element type of
 * everything after it, and inference only refines what is declared. A graph output whose type
 * inference cannot derive again (an op without an inference rule) gets its old type back, since
 * ONNX requires a type on the main graph's outputs.
 */
final class StaleTypes {
  private StaleTypes() {}

  /** @return the diagnostics of shape inference */
  static List<String> reinfer(Model model, Iterable<Value> roots, Analyses analyses) {
    Map<Value, ValueType> outputTypes = new IdentityHashMap<>();
    for (Value v : model.graph().outputs()) {
      outputTypes.put(v, v.type());
    }
    for (Value v : Downstream.values(model.graph(), roots)) {
      if (v.producer() != null) {
        v.setType(null);
      }
    }
    PassContext context = new PassContext(analyses);
    new InferShapes().run(model, context);
    for (Map.Entry<Value, ValueType> e : outputTypes.entrySet()) {
      if (e.getKey().type() == null && e.getValue() != null) {
        e.getKey().setType(e.getValue());
      }
    }
    return context.diagnostics();
  }
}
