package dev.scalpel.passes.fold;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.RemoveUnusedNodes;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpTraits;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.opset.eval.OpKernel;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.PassContext;
import dev.scalpel.opset.quant.QdqNodes;
import dev.scalpel.passes.shape.ShapeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Constant folding of the main graph: every node whose inputs are known before run time is
 * replaced by initializers holding its outputs (named as the outputs were), Constant nodes become
 * initializers, then dead nodes are removed and identical small initializers merged.
 *
 * <p>In topological order, a node is folded when its inputs are all constant (initializers that
 * are no graph input, Constant outputs, earlier folds) and a Java kernel exists at the model's
 * opset; Shape and Size fold when their input's shape is static; and any computed integer value
 * whose elements the pipeline's shape analysis ({@link PassContext#shapes}) proves static becomes
 * an initializer ({@code Gather/Slice/Concat/...} of a partly dynamic shape that pick only its
 * static dims, arithmetic on them, ...; {@link ShapeValues} says which values qualify). Nodes
 * without a Java kernel, or whose kernel does not hold one of their element types, go to the
 * optional {@link ConstantEvaluator}, one region per sweep. An If whose condition
 * is known is replaced by the nodes of the branch it takes ({@link IfInlining}). Outputs that would
 * grow the model beyond {@link Options#maxOutputBytes} are not materialised (a diagnostic says
 * why). Random ops and custom domains are never folded; graph input and output names never change.
 *
 * <p>Quantization is kept unless {@link Options#foldQdq}: no DequantizeLinear, and no
 * QuantizeLinear that a DequantizeLinear reads, is evaluated ({@link QdqNodes#keptByFolding}), so
 * their outputs are not constants and nothing downstream of them folds either.
 *
 * <p>NOTE: the shape analysis is taken once, before the first sweep. Its facts are about values,
 * and folding keeps every value's meaning, so they stay true for the values that remain.
 */
public final class FoldConstants implements ModelPass {
  /**
   * @param maxOutputBytes the folding budget ({@code --fold-budget}): the most bytes a fold may materialise when its outputs are larger than
   *     its inputs (Expand, Tile, ConstantOfShape, Range...)
   * @param maxDedupBytes the largest initializer considered for deduplication
   * @param fallback evaluates ops without a Java kernel; null folds only what Java kernels can
   * @param foldQdq whether quantization may be folded away ({@code --fold-qdq}): false keeps every
   *     node {@link QdqNodes#keptByFolding} names, and so everything computed from them
   */
  public record Options(long maxOutputBytes, long maxDedupBytes, ConstantEvaluator fallback, boolean foldQdq) {
    /**
     * The folding budget's one default, 1 MiB ({@code --fold-budget}): the most bytes a fold may add
     * when its outputs are larger than the constants it frees.
     */
    public static final long DEFAULT_FOLD_BUDGET = 1L << 20;

    /** {@link #DEFAULT_FOLD_BUDGET}, 64 KiB deduplication limit, Java kernels only, quantization kept. */
    public static Options defaults() {
      return new Options(DEFAULT_FOLD_BUDGET, 1L << 16, null, false);
    }

    public Options withFallback(ConstantEvaluator evaluator) {
      return new Options(maxOutputBytes, maxDedupBytes, evaluator, foldQdq);
    }

    public Options withMaxOutputBytes(long bytes) {
      return new Options(bytes, maxDedupBytes, fallback, foldQdq);
    }

    public Options withFoldQdq(boolean fold) {
      return new Options(maxOutputBytes, maxDedupBytes, fallback, fold);
    }
  }

  // NOTE: a region or an inlined If can unlock Java folds downstream (and an inlined branch can hold
  // Ifs of its own); rounds stop as soon as one makes no progress, the cap only bounds pathologies.
  private static final int MAX_ROUNDS = 16;

  private final Options options;
  private final Kernels kernels = Kernels.standard();

  public FoldConstants() {
    this(Options.defaults());
  }

  public FoldConstants(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The opset Java kernels are looked up at when the model imports no default domain: none is found. */
  private static final long NO_DEFAULT_OPSET = 0;

  @Override
  public String id() {
    return "fold-constants";
  }

  @Override
  public void run(Model model, PassContext context) {
    // NOTE: a model of ai.onnx.ml operators alone imports no default-domain opset; its nodes have
    // no Java kernel (kernels are of ai.onnx) and still fold through the fallback.
    OptionalLong opset = OptionalLong.of(model.opsetImports().defaultVersion().orElse(NO_DEFAULT_OPSET));
    Graph g = model.graph();
    ShapeInference.Result shapes = context.shapes(model);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      FallbackRegion region = new FallbackRegion();
      Sweep sweep = sweep(g, opset.getAsLong(), model.opsetImports(), region, shapes, context);
      if (round == 0 && sweep.keptQuantization() > 0) {
        context.report("kept " + sweep.keptQuantization() + " quantization node(s) on constants (DequantizeLinear, "
            + "QuantizeLinear read by a DequantizeLinear); --fold-qdq folds them into float weights");
      }
      // NOTE: an If, in the main graph or deeper, hangs below some main-graph node with a subgraph.
      boolean progress = sweep.sawSubgraphs() && IfInlining.run(g, Value::constantValue, context) > 0;
      if (options.fallback() != null && !region.isEmpty()
          && region.evaluate(model, options.fallback(), options.maxOutputBytes(), context)) {
        progress = true;
      }
      if (!progress) {
        break;
      }
    }
    RemoveUnusedNodes.run(g);
    if (InitializerDeduplication.run(g, options.maxDedupBytes()) > 0) {
      RemoveUnusedNodes.run(g);
    }
  }

  /**
   * What one sweep learnt: whether a main-graph node has subgraphs (else there is no If to
   * inline), and how many kept Q/DQ nodes had only constant inputs (each would have folded without
   * the quantization guard).
   */
  private record Sweep(boolean sawSubgraphs, int keptQuantization) {}

  /**
   * One pass over the nodes in topological order; nodes left for the fallback go to {@code region}.
   * Folded values become initializers at once, so a later node reads them as constants.
   */
  private Sweep sweep(Graph g, long defaultOpset, OpsetImports imports, FallbackRegion region,
      ShapeInference.Result shapes, PassContext context) {
    boolean sawSubgraphs = false;
    int keptQuantization = 0;
    for (Node node : TopologicalOrder.of(g)) {
      // NOTE: kernels of other domains (ai.onnx.preview) are registered by their domain's version.
      long opset = node.isDefaultDomain() ? defaultOpset : imports.version(node.domain()).orElse(NO_DEFAULT_OPSET);
      if (!node.subgraphs().isEmpty()) {
        sawSubgraphs = true;
        foldWithBody(g, node, opset, context);
        continue;
      }
      if (!OpTraits.isPure(node)) {
        continue;
      }
      // NOTE: a kept Q/DQ never becomes an initializer, so everything downstream of it (Transpose or
      // Reshape of dequantized weights included) stays a computation: TensorRT wants the DQ
      // feeding the weight's consumer, through layout ops it can fold itself, and ONNX Runtime's
      // QDQ fusions match the same groups. Folding a Transpose of dequantized weights would leave
      // float weights after all.
      if (!options.foldQdq() && QdqNodes.keptByFolding(node)) {
        if (constantInputs(node).isPresent()) {
          keptQuantization++;
        }
        continue;
      }
      Optional<OpKernel> kernel = kernels.lookup(OpId.of(node), opset);
      if (node.opType().equals("Constant")) {
        // NOTE: a Constant node becomes an initializer of the same name, as other tools count it.
        kernel.map(k -> KernelEvaluation.run(node, k, List.of(), opset, EvalContext.UNLIMITED))
            .filter(KernelEvaluation::folded)
            .ifPresent(e -> materialize(g, node, e.outputs()));
        continue;
      }
      Optional<List<Tensor>> inputs = constantInputs(node);
      if (inputs.isPresent() && kernel.isPresent()) {
        KernelEvaluation e = KernelEvaluation.run(node, kernel.get(), inputs.get(), opset, options.maxOutputBytes());
        if (e.folded()) {
          materialize(g, node, e.outputs());
        } else if (e.unsupported() && options.fallback() != null) {
          // NOTE: the Java kernel does not hold an element type of this node; the fallback may.
          region.add(node);
        } else {
          context.report("not folded " + node.describe() + ": " + e.skipReason());
        }
      } else if (materializeProven(g, node, shapes)) {
        continue;
      } else if (options.fallback() != null && (inputs.isPresent() || region.canTake(node))) {
        region.add(node);
      } else if (kernel.isPresent()) {
        foldStaticShape(g, node, kernel.get(), opset, context);
      }
    }
    return new Sweep(sawSubgraphs, keptQuantization);
  }

  /**
   * Folds a node with a body (Scan) through its Java kernel when its inputs are constant; nodes with
   * a body never go to the fallback.
   */
  private void foldWithBody(Graph g, Node node, long opset, PassContext context) {
    Optional<OpKernel> kernel = kernels.lookup(OpId.of(node), opset);
    Optional<List<Tensor>> inputs = constantInputs(node);
    if (kernel.isPresent() && inputs.isPresent()) {
      fold(g, node, kernel.get(), inputs.get(), opset, context);
    }
  }

  /**
   * The node's inputs as constant tensors (null for an omitted optional input), or empty if one is
   * not constant.
   */
  private static Optional<List<Tensor>> constantInputs(Node node) {
    List<Tensor> out = new ArrayList<>(node.inputs().size());
    for (Value in : node.inputs()) {
      if (in == null) {
        out.add(null);
        continue;
      }
      Optional<Tensor> t = in.constantValue();
      if (t.isEmpty()) {
        return Optional.empty();
      }
      out.add(t.get());
    }
    return Optional.of(out);
  }

  /**
   * Makes the node's outputs initializers when the shape analysis proves each of them static
   * (every used output; at least one); true if it did.
   */
  private static boolean materializeProven(Graph g, Node node, ShapeInference.Result shapes) {
    List<Tensor> tensors = new ArrayList<>(node.outputs().size());
    boolean any = false;
    for (Value v : node.outputs()) {
      if (v == null || !v.isUsed()) {
        tensors.add(null);
        continue;
      }
      Optional<PartialValue> pv = shapes.valueOf(v);
      if (pv.isEmpty() || !ShapeValues.isStatic(pv.get()) || !ShapeValues.qualifies(v, pv.get())) {
        return false;
      }
      Optional<Tensor> t = ShapeValues.tensor(v, pv.get());
      if (t.isEmpty()) {
        return false;
      }
      tensors.add(t.get());
      any = true;
    }
    if (any) {
      materialize(g, node, tensors);
    }
    return any;
  }

  private void fold(Graph g, Node node, OpKernel kernel, List<Tensor> inputs, long opset, PassContext context) {
    KernelEvaluation e = KernelEvaluation.run(node, kernel, inputs, opset, options.maxOutputBytes());
    if (!e.folded()) {
      context.report("not folded " + node.describe() + ": " + e.skipReason());
      return;
    }
    materialize(g, node, e.outputs());
  }

  /** Shape/Size of a value whose declared shape is static (whatever the analysis knew). */
  private void foldStaticShape(Graph g, Node node, OpKernel kernel, long opset, PassContext context) {
    String op = node.opType();
    if ((op.equals("Shape") || op.equals("Size")) && node.inputs().size() == 1 && node.input(0) != null) {
      Optional<long[]> dims = dimsOf(node.input(0));
      if (dims.isPresent() && allKnown(dims.get())) {
        fold(g, node, kernel, List.of(new ShapeOnlyTensor(node.input(0).dataType().orElseThrow(), dims.get())), opset,
            context);
      }
    }
  }

  /** The dims of {@code v} with -1 for symbolic ones, if its rank and type are known. */
  private static Optional<long[]> dimsOf(Value v) {
    Optional<Shape> shape = v.shape();
    if (shape.isEmpty() || v.dataType().isEmpty() || !(v.type() instanceof ValueType.TensorType)) {
      return Optional.empty();
    }
    Shape s = shape.get();
    long[] dims = new long[s.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = s.dim(i) instanceof Dim.Static d ? d.value() : -1;
    }
    return Optional.of(dims);
  }

  private static boolean allKnown(long[] dims) {
    for (long d : dims) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  private static void materialize(Graph g, Node node, List<Tensor> outputs) {
    for (int i = 0; i < node.outputs().size() && i < outputs.size(); i++) {
      Value v = node.output(i);
      if (v != null && v.isUsed() && outputs.get(i) != null) {
        OutputMaterializer.replace(g, v, outputs.get(i));
      }
    }
  }
}
