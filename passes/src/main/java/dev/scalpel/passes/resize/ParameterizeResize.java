package dev.scalpel.passes.resize;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.PassContext;
import dev.scalpel.graph.Constants;
import dev.scalpel.passes.common.InferShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the scale of Resize (or Upsample) nodes a graph input: a node whose scales (or sizes) are
 * baked in as constants takes them from a new input instead, a scalar factor (or a 1-D factor with
 * one entry per resized axis) expanded to one scale per dim, 1 on the axes the node did not
 * resize (batch and channels, as a rule). Fed the baked value, the rewritten model computes what
 * the original computed.
 *
 * <p>The node is re-emitted in the form of the model's opset ({@link ResizeForm}): Upsample-9 and
 * Resize-10 take scales as input 1; Resize-11/12 keep their (required) roi and drop sizes;
 * Resize-13+ keep roi, drop sizes; Resize-18+ also drop {@code axes} (expanding a constant roi),
 * because TensorRT accepts a run-time scales tensor only without axes (reference A.6/B.6).
 * Upsample-7/8 cannot take a tensor scale and are refused. The output shapes downstream are
 * forgotten and inferred again, so the resized dims become fresh symbols.
 *
 * <p>Invariants: every check runs before the first change, so a {@link ResizeException} leaves the
 * model as it was. An edit, not a pass: it changes the model's signature on purpose, and applied
 * again it finds no baked scales on the chosen nodes and refuses.
 */
public final class ParameterizeResize implements ModelEdit<ParameterizeResize.Result> {
  /**
   * What an application did.
   *
   * @param input name of the new graph input
   * @param notes one line per rewritten node, the value of the input that reproduces the original
   *     (scalar form), then what shape inference reported afterwards
   */
  public record Result(String input, List<String> notes) {
    public Result {
      Objects.requireNonNull(input, "input");
      notes = List.copyOf(notes);
    }
  }

  /**
   * @param nodeNames the nodes to rewrite; empty means the only Resize/Upsample with baked scales
   * @param inputName name of the new graph input
   * @param perAxis whether the input is 1-D with one factor per resized axis (else a scalar)
   * @param factorType element type of the input: FLOAT, or INT32/INT64 cast to FLOAT in the graph
   */
  public record Options(List<String> nodeNames, String inputName, boolean perAxis, DataType factorType) {
    public Options {
      nodeNames = List.copyOf(nodeNames);
      Objects.requireNonNull(inputName, "inputName");
      if (factorType != DataType.FLOAT && factorType != DataType.INT32 && factorType != DataType.INT64) {
        throw new IllegalArgumentException("factor type must be FLOAT, INT32 or INT64, not " + factorType);
      }
    }

    public static Options defaults() {
      return new Options(List.of(), "factor", false, DataType.FLOAT);
    }

    public Options withNodes(List<String> names) {
      return new Options(names, inputName, perAxis, factorType);
    }

    public Options withInputName(String name) {
      return new Options(nodeNames, name, perAxis, factorType);
    }

    public Options withPerAxis(boolean value) {
      return new Options(nodeNames, inputName, value, factorType);
    }

    public Options withFactorType(DataType type) {
      return new Options(nodeNames, inputName, perAxis, type);
    }
  }

  /** One node to rewrite, with what the checks found. */
  private record Target(Node node, ResizeForm form, BakedScales baked, int[] axes) {}

  private final Options options;

  public ParameterizeResize() {
    this(Options.defaults());
  }

  public ParameterizeResize(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    PassContext context = new PassContext(analyses);
    // NOTE: the baked scales are read against the input's rank, which inference writes into the
    // model; a model built in code or saved without value_info has none until then.
    analyses.shapes(model);
    Graph graph = model.graph();
    long opset = model.opsetImports().defaultVersion()
        .orElseThrow(() -> new ResizeException("the model imports no default-domain opset"));
    List<Target> targets = plan(graph, opset);
    float factor = commonFactor(targets);
    Value input = newInput(graph, targets.get(0).axes().length);
    for (Target t : targets) {
      rewrite(graph, t, input);
      context.report(t.node().describe() + ": scales " + Arrays.toString(t.baked().scales()) + " now from input '"
          + input.name() + "' on axes " + Arrays.toString(t.axes()) + " (" + t.form() + ")");
    }
    if (!options.perAxis()) {
      context.report("input '" + input.name() + "' = " + factor + " reproduces the original model");
    }
    DownstreamShapes.clear(graph, targets.stream().map(t -> t.node().output(0)).toList());
    for (Target t : targets) {
      Value x = t.node().input(0);
      Value y = t.node().output(0);
      if (x.shape().isPresent() && x.shape().get() != null && x.dataType().isPresent()) {
        y.setType(ValueType.tensor(x.dataType().get(), ResizedShape.of(graph, x.shape().get(), t.axes(), y.name())));
      }
    }
    new InferShapes().run(model, context);
    return new Result(input.name(), context.diagnostics());
  }

  /**
   * The value of the new input at which the rewritten model computes what {@code model} computes:
   * the baked scale (a scalar, or with per-axis one scale per resized axis), of the input's
   * element type. Call it on the model before {@link #apply}, with shapes inferred (a node with baked
   * sizes needs its input's shape); it changes nothing.
   *
   * @throws ResizeException if the edit would refuse the model, or no single value of the input's
   *     type reproduces every baked scale (different scales across nodes, or a fractional scale
   *     for an integer input)
   */
  public Tensor reproducingFactor(Model model) {
    long opset = model.opsetImports().defaultVersion()
        .orElseThrow(() -> new ResizeException("the model imports no default-domain opset"));
    List<Target> targets = plan(model.graph(), opset);
    float[] values;
    if (options.perAxis()) {
      Target first = targets.get(0);
      values = new float[first.axes().length];
      for (int i = 0; i < values.length; i++) {
        values[i] = first.baked().scales()[first.axes()[i]];
      }
      for (Target t : targets) {
        for (int i = 0; i < values.length; i++) {
          if (t.baked().scales()[t.axes()[i]] != values[i]) {
            throw new ResizeException(t.node().describe() + " and " + first.node().describe()
                + " have different scales; one input cannot reproduce both");
          }
        }
      }
    } else {
      values = new float[] {commonFactor(targets)};
    }
    long[] dims = options.perAxis() ? new long[] {values.length} : new long[0];
    String name = options.inputName();
    if (options.factorType() == DataType.FLOAT) {
      return DenseTensor.ofFloats(name, dims, values);
    }
    long[] integral = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] != Math.rint(values[i])) {
        throw new ResizeException("the baked scale " + values[i] + " is not a whole number, so no "
            + options.factorType().displayName() + " factor reproduces it; use a float factor");
      }
      integral[i] = (long) values[i];
    }
    if (options.factorType() == DataType.INT64) {
      return DenseTensor.ofLongs(name, dims, integral);
    }
    return DenseTensor.ofInts(name, dims, java.util.Arrays.stream(integral).mapToInt(v -> (int) v).toArray());
  }

  // ---------------------------------------------------------------- checks (no changes)

  private List<Target> plan(Graph graph, long opset) {
    List<Node> nodes = options.nodeNames().isEmpty() ? onlyCandidate(graph, opset) : named(graph);
    List<Target> out = new ArrayList<>();
    for (Node node : nodes) {
      ResizeForm form = ResizeForm.of(node.opType(), opset);
      if (form.scalesIsAttribute()) {
        throw new ResizeException(node.describe() + " is " + form + ", whose scales are an attribute and cannot "
            + "come from an input; convert the model to opset 9 or newer first");
      }
      BakedScales baked = BakedScales.of(node, form);
      int[] axes = baked.resizedAxes();
      if (axes.length == 0) {
        int rank = baked.scales().length;
        if (rank < 3) {
          throw new ResizeException(node.describe() + " resizes no axis and has no spatial axes");
        }
        axes = java.util.stream.IntStream.range(2, rank).toArray();
      }
      requireRoiExpandable(node, form);
      out.add(new Target(node, form, baked, axes));
    }
    int count = out.get(0).axes().length;
    for (Target t : out) {
      if (options.perAxis() && t.axes().length != count) {
        throw new ResizeException("--per-axis needs the same number of resized axes on every node; "
            + out.get(0).node().describe() + " resizes " + count + ", " + t.node().describe() + " " + t.axes().length);
      }
    }
    return out;
  }

  private List<Node> onlyCandidate(Graph graph, long opset) {
    List<Node> baked = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Node n : graph) {
      if (!ResizeForm.isResize(n)) {
        continue;
      }
      all.add(n.describe());
      try {
        ResizeForm form = ResizeForm.of(n.opType(), opset);
        if (!form.scalesIsAttribute()) {
          BakedScales.of(n, form);
        }
        baked.add(n);
      } catch (ResizeException e) {
        // NOTE: not a candidate: its scale is already computed at run time.
      }
    }
    if (baked.size() == 1) {
      return baked;
    }
    if (baked.isEmpty()) {
      throw new ResizeException(all.isEmpty() ? "the model has no Resize or Upsample node"
          : "no Resize or Upsample with baked-in scales (found " + String.join(", ", all) + ")");
    }
    throw new ResizeException(baked.size() + " nodes have baked-in scales (" + String.join(", ",
        baked.stream().map(Node::describe).toList()) + "); name the ones to rewrite with --node");
  }

  private List<Node> named(Graph graph) {
    Set<Node> out = new LinkedHashSet<>();
    for (String name : options.nodeNames()) {
      Node found = null;
      for (Node n : graph) {
        if (n.name().equals(name)) {
          found = n;
        }
      }
      if (found == null) {
        throw new ResizeException("no node named '" + name + "' in the main graph");
      }
      if (!ResizeForm.isResize(found)) {
        throw new ResizeException(found.describe() + " is not a Resize or Upsample");
      }
      out.add(found);
    }
    return new ArrayList<>(out);
  }

  /** A scalar factor must be the one scale of every resized axis of every node. */
  private float commonFactor(List<Target> targets) {
    if (options.perAxis()) {
      return Float.NaN;
    }
    Float common = null;
    for (Target t : targets) {
      for (int axis : t.axes()) {
        float s = t.baked().scales()[axis];
        if (common == null) {
          common = s;
        } else if (common != s) {
          throw new ResizeException("the resized axes have different scales (" + common + " and " + s + " on "
              + t.node().describe() + "); a scalar factor cannot reproduce both: use --per-axis");
        }
      }
    }
    return common;
  }

  /**
   * With axes dropped (Resize-18+), a non-empty roi must be a float32 constant of two entries per
   * axis so it can be widened.
   *
   * @throws InvalidModelException when the roi does not have two entries per axis (Resize's rule)
   */
  private static void requireRoiExpandable(Node node, ResizeForm form) {
    if (!form.hasAxes() || node.attribute("axes").isEmpty()) {
      return;
    }
    Value roi = input(node, form.roiInput());
    if (roi == null) {
      return;
    }
    Optional<Tensor> t = Constants.of(roi);
    if (t.isEmpty()) {
      throw new ResizeException(node.describe() + " has axes and a run-time roi; cannot widen the roi to every axis");
    }
    if (t.get().elementCount() == 0) {
      return;
    }
    int axes = node.attribute("axes").get().asLongs().size();
    if (t.get().elementCount() != 2L * axes) {
      throw new InvalidModelException(node.describe() + ": its roi '" + roi.name() + "' has " + t.get().elementCount()
          + " elements for " + axes + " axes; Resize takes two per axis");
    }
    if (t.get().dataType() != DataType.FLOAT) {
      // NOTE: float16 and double are valid roi types; widening reads and writes float32 only.
      throw new ResizeException(node.describe() + " has axes and a " + t.get().dataType().displayName()
          + " roi; only a float32 roi can be widened to every axis");
    }
  }

  private Value newInput(Graph graph, int resizedAxes) {
    String name = options.inputName();
    if (name.isEmpty() || !graph.freshValueName(name).equals(name)) {
      throw new ResizeException("the name '" + name + "' is already used in the model; choose another with --input-name");
    }
    Shape shape = options.perAxis() ? Shape.of(resizedAxes) : Shape.scalar();
    return graph.addInput(new Value(name, ValueType.tensor(options.factorType(), shape)));
  }

  // ---------------------------------------------------------------- changes

  private static void rewrite(Graph graph, Target t, Value factor) {
    Node node = t.node();
    int rank = t.baked().scales().length;
    Value scales = new ScalesFromFactor(graph, node).build(factor, rank, t.axes(), factor.shape().get().rank() == 1);
    List<Value> old = new ArrayList<>(node.inputs());
    ResizeForm form = t.form();
    if (form.version() < 11) {
      node.replaceInput(form.scalesInput(), scales);
    } else {
      Value roi = input(node, form.roiInput());
      if (form.hasAxes() && node.attribute("axes").isPresent()) {
        roi = widenRoi(graph, node, roi, rank);
        node.removeAttribute("axes");
      }
      if (roi == null && form.roiAndScalesRequired()) {
        roi = graph.addInitializer("roi", DenseTensor.ofFloats("", new long[] {0}));
      }
      node.setInputs(Arrays.asList(node.input(0), roi, scales));
    }
    for (Value v : old) {
      dropIfUnused(graph, v);
    }
  }

  /** The roi over every axis: a constant roi over {@code axes} widened with [0, 1] elsewhere. */
  private static Value widenRoi(Graph graph, Node node, Value roi, int rank) {
    Optional<Tensor> t = Constants.of(roi);
    if (t.isEmpty() || t.get().elementCount() == 0) {
      return roi;
    }
    List<Long> axes = node.attribute("axes").get().asLongs();
    float[] given = t.get().toFloatArray();
    float[] wide = new float[2 * rank];
    Arrays.fill(wide, rank, 2 * rank, 1f);
    for (int i = 0; i < axes.size(); i++) {
      int axis = (int) Math.floorMod(axes.get(i), rank);
      wide[axis] = given[i];
      wide[rank + axis] = given[axes.size() + i];
    }
    return graph.addInitializer("roi", DenseTensor.ofFloats("", new long[] {2L * rank}, wide));
  }

  private static Value input(Node node, int index) {
    return index >= 0 && index < node.inputs().size() ? node.input(index) : null;
  }

  /** Removes the old scales/sizes/roi constant once nothing reads it. */
  private static void dropIfUnused(Graph graph, Value v) {
    if (v == null || v.isUsed() || v.isGraphInput()) {
      return;
    }
    if (v.isInitializer() && v.graph() == graph) {
      graph.removeInitializer(v);
    } else if (v.producer() != null && v.producer().opType().equals("Constant") && v.producer().graph() == graph) {
      graph.remove(v.producer());
    }
  }
}
