package dev.scalpel.passes.extract;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.RemoveUnusedNodes;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.dims.StaleShapes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts out the subgraph between some tensors of the main graph, as {@code onnx.utils.extract_model}
 * and {@code polygraphy surgeon extract} do: the given inputs become the graph inputs, the given
 * outputs the graph outputs, and only what computes the outputs from the inputs stays.
 *
 * <ul>
 *   <li>A cut input keeps its name and takes the element type and shape shape inference gives it
 *       in the original (inference runs first, through {@link Analyses}), or those its {@link
 *       ExtractInput} gives; a shape given that differs from the inferred one is propagated by
 *       inferring again.
 *   <li>Nodes the outputs do not need, and initializers nothing reads any more, are removed
 *       ({@link RemoveUnusedNodes}); kept initializers keep their tensors, so external data stays
 *       where it is (mapped on use, never copied to the heap).
 *   <li>If/Loop/Scan bodies that read values of the main graph keep reading them: a captured value
 *       that is a cut input is read from the new graph input, one computed in the cut keeps its
 *       producer.
 *   <li>Initializers that are also graph inputs of the original (overridable defaults; every weight
 *       of an IR &lt; 4 model) stay inputs after the cut inputs when still read.
 * </ul>
 *
 * <p>Invariants: every check runs before the first change, so a refused cut ({@link
 * ExtractException}: a name not in the main graph, a cut that is not closed, an output reading
 * none of the inputs, an input whose element type nobody knows or that contradicts the model)
 * leaves the model as it was. The result's graph inputs are exactly the cut inputs in the order
 * given (then the defaults above) and its outputs exactly the cut outputs in the order given.
 */
public final class Extractor implements ModelEdit<Extractor.Result> {
  /**
   * What a cut did.
   *
   * @param inputs the graph inputs of the result with their types, in order
   * @param outputs the graph outputs of the result with their types, in order
   * @param nodesBefore nodes of the main graph before
   * @param nodesAfter nodes of the main graph after
   * @param initializersRemoved initializers removed (no longer read)
   * @param notes what is worth telling about the cut (unread inputs, kept defaults, re-inferred shapes)
   */
  public record Result(List<Value> inputs, List<Value> outputs, int nodesBefore, int nodesAfter, int initializersRemoved,
      List<String> notes) {
    public Result {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
      notes = List.copyOf(notes);
    }
  }

  private final List<ExtractInput> inputs;
  private final List<String> outputs;

  /**
   * @param inputs where the cut begins, in the order the result's inputs take
   * @param outputs names of the tensors the result computes, in order
   */
  public Extractor(List<ExtractInput> inputs, List<String> outputs) {
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
  }

  /**
   * The subgraph of {@code model} from {@code inputs} to {@code outputs}, as a new model (a copy
   * that shares the tensors, so no weight is copied); {@code model} is not changed.
   *
   * @throws ExtractException if the cut cannot be made (see the class comment)
   */
  public static Model extract(Model model, List<String> inputs, List<String> outputs) {
    Model copy = model.deepCopy();
    new Extractor(ExtractInput.named(inputs), outputs).apply(copy);
    return copy;
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    analyses.shapes(model);
    ExtractionPlan plan = ExtractionPlan.of(graph, inputs.stream().map(ExtractInput::name).toList(), outputs);
    List<ValueType> types = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      types.add(typeOf(inputs.get(i), plan.inputs().get(i)));
    }
    List<String> notes = new ArrayList<>();
    for (Value v : plan.unreadInputs()) {
      notes.add("input '" + v.name() + "' is read by nothing the outputs need; it stays an input, as asked");
    }

    // Every check is done; from here on the model changes.
    int nodesBefore = graph.nodeCount();
    int initializersBefore = graph.initializers().size() + graph.sparseInitializers().size();
    List<Value> originalInputs = new ArrayList<>(graph.inputs());
    for (int i = graph.outputs().size() - 1; i >= 0; i--) {
      graph.removeOutput(i);
    }
    Map<Value, Value> replaced = new IdentityHashMap<>();
    List<Value> reshaped = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Value old = plan.inputs().get(i);
      String name = old.name();
      // NOTE: a fresh value even for an original graph input, so the inputs come in the order given.
      old.setName(graph.freshValueName(name + "_before_cut"));
      Value in = new Value(name, types.get(i));
      old.replaceAllUsesWith(in);
      graph.addInput(in);
      replaced.put(old, in);
      if (!Objects.equals(old.type(), types.get(i))) {
        reshaped.add(in);
      }
    }
    for (Value out : plan.outputs()) {
      graph.addOutput(replaced.getOrDefault(out, out));
    }
    RemoveUnusedNodes.run(graph);
    List<String> defaults = new ArrayList<>();
    for (Value old : originalInputs) {
      graph.removeInput(old);
      if (old.isInitializer() && old.isUsed() && !replaced.containsKey(old)) {
        // NOTE: an initializer that was an input stays one: it may be fed, and IR < 4 requires it.
        graph.addInput(old);
        defaults.add(old.name());
      }
    }
    RemoveUnusedNodes.run(graph);
    if (!defaults.isEmpty()) {
      notes.add(defaults.size() + " initializer(s) that are graph inputs of the original stay inputs after the cut inputs: "
          + String.join(", ", defaults.size() > 5 ? defaults.subList(0, 5) : defaults) + (defaults.size() > 5 ? ", ..." : ""));
    }
    if (!reshaped.isEmpty()) {
      StaleShapes.clearDownstream(reshaped);
      analyses.shapes(model);
      notes.add("shapes inferred again from the input types given for "
          + String.join(", ", reshaped.stream().map(Value::name).toList()));
    }
    int initializersAfter = graph.initializers().size() + graph.sparseInitializers().size();
    return new Result(graph.inputs(), graph.outputs(), nodesBefore, graph.nodeCount(),
        initializersBefore - initializersAfter, notes);
  }

  /**
   * The type of the graph input that replaces {@code v}: the inferred one, with what {@code spec}
   * gives put in.
   *
   * @throws ExtractException if the element type is unknown, or the spec contradicts the model
   */
  private static ValueType typeOf(ExtractInput spec, Value v) {
    ValueType inferred = v.type();
    if (inferred != null && !(inferred instanceof ValueType.TensorType)) {
      if (spec.dataType().isPresent() || spec.shape().isPresent()) {
        throw new ExtractException(ExtractException.Kind.BAD_SPEC, v.name(), "'" + v.name() + "' is a " + inferred
            + ", not a tensor; give no shape or type for it");
      }
      return inferred;
    }
    Optional<ValueType.TensorType> tensor = v.tensorType();
    Optional<DataType> known = tensor.map(ValueType.TensorType::elementType).filter(t -> t != DataType.UNDEFINED);
    if (known.isPresent() && spec.dataType().isPresent() && known.get() != spec.dataType().get()) {
      throw new ExtractException(ExtractException.Kind.BAD_SPEC, v.name(), "'" + v.name() + "' holds "
          + known.get().displayName() + " in the model, not " + spec.dataType().get().displayName()
          + "; a cut cannot change an element type");
    }
    DataType elementType = spec.dataType().or(() -> known).orElseThrow(() -> new ExtractException(
        ExtractException.Kind.UNKNOWN_TYPE, v.name(), "the element type of '" + v.name()
            + "' is not known (shape inference could not tell); give it as " + v.name() + ":SHAPE:DTYPE"));
    Shape inferredShape = tensor.map(ValueType.TensorType::shape).orElse(null);
    Shape shape = spec.shape().orElse(inferredShape);
    if (spec.shape().isPresent() && inferredShape != null) {
      checkShape(v.name(), spec.shape().get(), inferredShape);
    }
    return new ValueType.TensorType(elementType, shape);
  }

  /** A given shape may name or free dims, never contradict a rank or a size the model fixes. */
  private static void checkShape(String name, Shape given, Shape inferred) {
    if (given.rank() != inferred.rank()) {
      throw new ExtractException(ExtractException.Kind.BAD_SPEC, name, "'" + name + "' has rank " + inferred.rank()
          + " in the model (" + inferred + "); the shape given, " + given + ", has rank " + given.rank());
    }
    for (int i = 0; i < given.rank(); i++) {
      Dim g = given.dim(i);
      Dim m = inferred.dim(i);
      if (g instanceof Dim.Static gs && m instanceof Dim.Static ms && gs.value() != ms.value()) {
        throw new ExtractException(ExtractException.Kind.BAD_SPEC, name, "'" + name + "' has " + ms.value()
            + " at dim " + i + " in the model (" + inferred + "); the shape given, " + given + ", has " + gs.value());
      }
    }
  }
}
