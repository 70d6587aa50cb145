package dev.scalpel.passes.resize;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inserts a Resize (Upsample before opset 10) with constant scales after a tensor of the main
 * graph; every node that read the tensor reads the resized tensor instead.
 *
 * <p>The node is emitted in the form of the model's opset ({@link ResizeForm}): Upsample-7 with a
 * {@code scales} attribute, Upsample-9/Resize-10 with a scales input, Resize-11/12 with an empty
 * roi, Resize-13+ with roi omitted. Options that do not exist at that opset (cubic before 11, a
 * coordinate mode before 11 or one the version lacks) are refused rather than dropped.
 *
 * <p>Invariants: the model's signature keeps its names. When the tensor is a graph output, the
 * output name moves to the resized tensor (the original tensor is renamed {@code NAME_before_resize}),
 * so the output is the resized value under the name consumers of the model know. All checks run
 * before the first change; a {@link ResizeException} leaves the model as it was.
 *
 * <p>An edit, not a pass: applied twice it inserts a second Resize after the same tensor (the
 * first one now reads it), resizing twice. That is what was asked, not a fixed point to reach.
 */
public final class InsertResize implements ModelEdit<InsertResize.Result> {
  /**
   * What an application did.
   *
   * @param node name of the inserted Resize (or Upsample) node
   * @param notes what was inserted where, then what shape inference reported afterwards
   */
  public record Result(String node, List<String> notes) {
    public Result {
      Objects.requireNonNull(node, "node");
      notes = List.copyOf(notes);
    }
  }

  /**
   * @param tensor name of the tensor to resize
   * @param scales one scale per dim of the tensor
   * @param mode nearest, linear or cubic
   * @param coordinateMode coordinate_transformation_mode, or null for the ONNX default
   * @param nearestMode nearest_mode, or null for the ONNX default
   */
  public record Options(String tensor, float[] scales, String mode, String coordinateMode, String nearestMode) {
    public Options {
      Objects.requireNonNull(tensor, "tensor");
      scales = scales.clone();
      Objects.requireNonNull(mode, "mode");
    }

    /** A copy: the record stays immutable. */
    @Override
    public float[] scales() {
      return scales.clone();
    }

    public static Options of(String tensor, float... scales) {
      return new Options(tensor, scales, "nearest", null, null);
    }

    public Options withMode(String m) {
      return new Options(tensor, scales, m, coordinateMode, nearestMode);
    }

    public Options withCoordinateMode(String m) {
      return new Options(tensor, scales, mode, m, nearestMode);
    }

    public Options withNearestMode(String m) {
      return new Options(tensor, scales, mode, coordinateMode, m);
    }
  }

  private static final List<String> NEAREST_MODES = List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

  private final Options options;

  public InsertResize(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    long opset = model.opsetImports().defaultVersion()
        .orElseThrow(() -> new ResizeException("the model imports no default-domain opset"));
    ResizeForm form = ResizeForm.forNewNode(opset);
    Value x = find(graph);
    checkOptions(form, x);

    Node resize = emit(graph, form, x);
    Value y = resize.output(0);
    for (var use : new ArrayList<>(x.uses())) {
      if (use.node() != resize) {
        use.node().replaceInput(use.inputIndex(), y);
      }
    }
    if (x.isGraphOutput()) {
      String name = x.name();
      x.setName(graph.freshValueName(name + "_before_resize"));
      y.setName(name);
      for (int i = 0; i < graph.outputs().size(); i++) {
        if (graph.outputs().get(i) == x) {
          graph.setOutput(i, y);
        }
      }
      if (graph.declaresValueInfo(x)) {
        graph.removeValueInfo(x);
      }
    }
    x.tensorType().ifPresent(t -> y.setType(t.withShape(null)));
    PassContext context = new PassContext(analyses);
    context.report("inserted " + resize.describe() + " (" + form + ", scales " + Arrays.toString(options.scales())
        + ", mode " + options.mode() + ") after '" + x.name() + "'");
    DownstreamShapes.clear(graph, List.of(y));
    new InferShapes().run(model, context);
    return new Result(resize.name(), context.diagnostics());
  }

  /**
   * The names of {@code model}'s graph outputs computed from the tensor the Resize goes after: the
   * outputs the insertion changes on purpose (the rest keep their values). Call it on the model
   * before {@link #apply}; it changes nothing.
   *
   * @throws ResizeException if the model has no such tensor
   */
  public java.util.Set<String> changedOutputs(Model model) {
    Graph graph = model.graph();
    java.util.Set<Value> reached = DownstreamShapes.reach(graph, List.of(find(graph)));
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Value v : graph.outputs()) {
      if (reached.contains(v)) {
        out.add(v.name());
      }
    }
    return out;
  }

  private Value find(Graph graph) {
    String name = options.tensor();
    for (Value v : graph.inputs()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    for (Node n : graph) {
      for (Value v : n.outputs()) {
        if (v.name().equals(name)) {
          return v;
        }
      }
    }
    Optional<Value> init = graph.initializer(name);
    if (init.isPresent()) {
      return init.get();
    }
    throw new ResizeException("no tensor named '" + name + "' in the main graph");
  }

  private void checkOptions(ResizeForm form, Value x) {
    if (x.isGraphInput() && x.isGraphOutput()) {
      throw new ResizeException("'" + x.name() + "' is both a graph input and a graph output; resizing it "
          + "would rename one of the two");
    }
    float[] scales = options.scales();
    Optional<Integer> rank = x.shape().map(s -> s.rank());
    if (rank.isPresent() && rank.get() != scales.length) {
      throw new ResizeException("'" + x.name() + "' has rank " + rank.get() + ", but " + scales.length + " scales were given");
    }
    for (float s : scales) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new ResizeException("scales must be finite and positive, got " + s);
      }
      if (form.opType().equals("Upsample") && s < 1) {
        throw new ResizeException(form + " (opset < 10) only upsamples: every scale must be >= 1, got " + s);
      }
    }
    if (!form.modes().contains(options.mode())) {
      throw new ResizeException("mode '" + options.mode() + "' does not exist in " + form + "; it has "
          + String.join(", ", form.modes().stream().sorted().toList()));
    }
    if (options.coordinateMode() != null && !form.coordinateModes().contains(options.coordinateMode())) {
      throw new ResizeException("coordinate_transformation_mode '" + options.coordinateMode() + "' does not exist in "
          + form + (form.coordinateModes().isEmpty() ? " (its coordinates are always asymmetric)"
              : "; it has " + String.join(", ", form.coordinateModes().stream().sorted().toList())));
    }
    if ("tf_crop_and_resize".equals(options.coordinateMode())) {
      throw new ResizeException("tf_crop_and_resize needs a roi; insert-resize resizes the whole tensor");
    }
    if (options.nearestMode() != null && (!form.hasCoordinateModes() || !NEAREST_MODES.contains(options.nearestMode()))) {
      throw new ResizeException("nearest_mode '" + options.nearestMode() + "' does not exist in " + form
          + (form.hasCoordinateModes() ? "; it has " + String.join(", ", NEAREST_MODES) : ""));
    }
  }

  private Node emit(Graph graph, ResizeForm form, Value x) {
    float[] scales = options.scales();
    List<Attribute> attrs = new ArrayList<>();
    attrs.add(Attribute.of("mode", options.mode()));
    List<Value> inputs = new ArrayList<>();
    inputs.add(x);
    if (form.scalesIsAttribute()) {
      attrs.add(Attribute.ofFloats("scales", scales));
    } else {
      Value s = graph.addInitializer(x.name() + "_scales", DenseTensor.ofFloats("", new long[] {scales.length}, scales));
      if (form.roiInput() >= 0) {
        inputs.add(form.roiAndScalesRequired() ? graph.addInitializer("roi", DenseTensor.ofFloats("", new long[] {0})) : null);
      }
      inputs.add(s);
    }
    if (options.coordinateMode() != null) {
      attrs.add(Attribute.of("coordinate_transformation_mode", options.coordinateMode()));
    }
    if (options.nearestMode() != null) {
      attrs.add(Attribute.of("nearest_mode", options.nearestMode()));
    }
    Node node = new Node(null, form.opType(), inputs, List.of(graph.freshValueName(x.name() + "_resized")), attrs);
    node.setName(graph.freshNodeName(form.opType() + "_" + x.name()));
    Node producer = x.producer();
    if (producer != null) {
      graph.insertAfter(producer, node);
    } else if (graph.nodeCount() > 0) {
      graph.insertBefore(graph.nodes().get(0), node);
    } else {
      graph.append(node);
    }
    return node;
  }
}
