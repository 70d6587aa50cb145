package dev.scalpel.passes.fold;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
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
import dev.scalpel.passes.PassContext;
import dev.scalpel.opset.quant.QdqNodes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Constant folding of the main graph: every node whose inputs are known before run time is
 * replaced by initializers holding its outputs (named as the outputs were), Constant nodes become
 * initializers, then dead nodes are removed and identical small initializers merged.
 *
 * <p>In topological order, a node is folded when its inputs are all constant (initializers that
 * are no graph input, Constant outputs, earlier folds) and a Java kernel exists at the model's
 * opset; Shape and Size fold when shape inference left their input's shape static, and
 * Gather/Slice/Concat/... of a Shape fold when they only pick static dims. Nodes without a Java
 * kernel go to the optional {@link ConstantEvaluator}, one region per sweep. An If whose condition
 * is known is replaced by the nodes of the branch it takes ({@link IfInlining}). Outputs that would
 * grow the model beyond {@link Options#maxOutputBytes} are not materialised (a diagnostic says
 * why). Random ops and custom domains are never folded; graph input and output names never change.
 * Shapes are read as annotated: run {@code infer-shapes} first.
 *
 * <p>Quantization is kept unless {@link Options#foldQdq}: no DequantizeLinear, and no
 * QuantizeLinear that a DequantizeLinear reads, is evaluated ({@link QdqNodes#keptByFolding}), so
 * their outputs are not constants and nothing downstream of them folds either.
 */
public final class FoldConstants implements ModelPass {
  /** Ops that only move the elements of their first input, so partial shape vectors pass through. */
  private static final Set<String> ELEMENT_MOVERS = Set.of("Gather", "Slice", "Concat", "Squeeze", "Unsqueeze", "Identity");

  /**
   * @param maxOutputBytes the most bytes a fold may materialise when its outputs are larger than
   *     its inputs (Expand, Tile, ConstantOfShape, Range...)
   * @param maxDedupBytes the largest initializer considered for deduplication
   * @param fallback evaluates ops without a Java kernel; null folds only what Java kernels can
   * @param foldQdq whether quantization may be folded away ({@code --fold-qdq}): false keeps every
   *     node {@link QdqNodes#keptByFolding} names, and so everything computed from them
   */
  public record Options(long maxOutputBytes, long maxDedupBytes, ConstantEvaluator fallback, boolean foldQdq) {
    /** 1 MiB output budget, 64 KiB deduplication limit, Java kernels only, quantization kept. */
    public static Options defaults() {
      return new Options(1L << 20, 1L << 16, null, false);
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

  @Override
  public String id() {
    return "fold-constants";
  }

  @Override
  public void run(Model model, PassContext context) {
    OptionalLong opset = model.opsetImports().defaultVersion();
    if (opset.isEmpty()) {
      context.report("no default-domain opset import; nothing folded");
      return;
    }
    Graph g = model.graph();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      FallbackRegion region = new FallbackRegion();
      Sweep sweep = sweep(g, opset.getAsLong(), region, context);
      if (round == 0 && sweep.keptQuantization() > 0) {
        context.report("kept " + sweep.keptQuantization() + " quantization node(s) on constants (DequantizeLinear, "
            + "QuantizeLinear read by a DequantizeLinear); --fold-qdq folds them into float weights");
      }
      // NOTE: an If, in the main graph or deeper, hangs below some main-graph node with a subgraph.
      boolean progress = sweep.sawSubgraphs() && IfInlining.run(g, sweep.known()::exact, context) > 0;
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
   * What one sweep learnt: the values it knows (for the conditions of If nodes), whether a
   * main-graph node has subgraphs (else there is no If to inline), and how many kept Q/DQ nodes
   * had only constant inputs (each would have folded without the quantization guard).
   */
  private record Sweep(KnownValues known, boolean sawSubgraphs, int keptQuantization) {}

  /** One pass over the nodes in topological order; nodes left for the fallback go to {@code region}. */
  private Sweep sweep(Graph g, long opset, FallbackRegion region, PassContext context) {
    KnownValues known = new KnownValues();
    boolean sawSubgraphs = false;
    int keptQuantization = 0;
    for (Node node : TopologicalOrder.of(g)) {
      if (!node.subgraphs().isEmpty()) {
        sawSubgraphs = true;
        continue;
      }
      if (!OpTraits.isPure(node)) {
        continue;
      }
      // NOTE: a kept Q/DQ is never put in `known`, so everything downstream of it (Transpose or
      // Reshape of dequantized weights included) stays a computation: TensorRT wants the DQ
      // feeding the weight's consumer, through layout ops it can fold itself, and ONNX Runtime's
      // QDQ fusions match the same groups. Folding a Transpose of dequantized weights would leave
      // float weights after all.
      if (!options.foldQdq() && QdqNodes.keptByFolding(node)) {
        if (known.exactInputs(node).isPresent()) {
          keptQuantization++;
        }
        continue;
      }
      Optional<OpKernel> kernel = kernels.lookup(OpId.of(node), opset);
      if (node.opType().equals("Constant")) {
        // NOTE: a Constant node becomes an initializer of the same name, as other tools count it.
        kernel.map(k -> KernelEvaluation.run(node, k, List.of(), opset, EvalContext.UNLIMITED))
            .filter(KernelEvaluation::folded)
            .ifPresent(e -> {
              known.putExact(node.output(0), e.outputs().get(0));
              materialize(g, node, e.outputs());
            });
        continue;
      }
      Optional<List<Tensor>> inputs = known.exactInputs(node);
      if (inputs.isPresent() && kernel.isPresent()) {
        fold(g, node, kernel.get(), inputs.get(), opset, context);
      } else if (options.fallback() != null && (inputs.isPresent() || region.canTake(node, known))) {
        region.add(node, known);
      } else if (kernel.isPresent()) {
        foldShapeArithmetic(g, node, kernel.get(), known, opset, context);
      }
    }
    return new Sweep(known, sawSubgraphs, keptQuantization);
  }

  private void fold(Graph g, Node node, OpKernel kernel, List<Tensor> inputs, long opset, PassContext context) {
    KernelEvaluation e = KernelEvaluation.run(node, kernel, inputs, opset, options.maxOutputBytes());
    if (!e.folded()) {
      context.report("not folded " + node.describe() + ": " + e.skipReason());
      return;
    }
    materialize(g, node, e.outputs());
  }

  /** Shape/Size of a statically shaped value, and element movers over partial shape vectors. */
  private void foldShapeArithmetic(Graph g, Node node, OpKernel kernel, KnownValues known, long opset,
      PassContext context) {
    String op = node.opType();
    if ((op.equals("Shape") || op.equals("Size")) && node.inputs().size() == 1 && node.input(0) != null) {
      Optional<long[]> dims = dimsOf(node.input(0));
      if (dims.isEmpty()) {
        return;
      }
      ShapeOnlyTensor placeholder = new ShapeOnlyTensor(node.input(0).dataType().orElseThrow(), dims.get());
      boolean complete = allKnown(dims.get());
      if (complete) {
        fold(g, node, kernel, List.of(placeholder), opset, context);
      } else if (op.equals("Shape")) {
        KernelEvaluation e = KernelEvaluation.run(node, kernel, List.of(placeholder), opset, EvalContext.UNLIMITED);
        if (e.folded()) {
          known.putPartial(node.output(0), e.outputs().get(0));
        }
      }
      return;
    }
    if (!ELEMENT_MOVERS.contains(op)) {
      return;
    }
    Optional<List<Tensor>> inputs = known.partialInputs(node);
    if (inputs.isEmpty()) {
      return;
    }
    // NOTE: a partial vector may only be the data that is moved (every input of Concat, input 0
    // otherwise). As an index, bound or axis its -1 markers would be read as real values, and the
    // result would look complete while being wrong (Slice(data, 0, [-1]) drops an element).
    if (!op.equals("Concat")) {
      for (int i = 1; i < node.inputs().size(); i++) {
        if (known.isPartial(node.input(i))) {
          return;
        }
      }
    }
    KernelEvaluation e = KernelEvaluation.run(node, kernel, inputs.get(), opset, options.maxOutputBytes());
    if (!e.folded() || node.outputs().size() != 1) {
      return;
    }
    Tensor out = e.outputs().get(0);
    if (KnownValues.isComplete(out)) {
      materialize(g, node, e.outputs());
    } else {
      known.putPartial(node.output(0), out);
    }
  }

  /** The dims of {@code v} with {@link KnownValues#UNKNOWN_DIM} for symbolic ones, if its rank and type are known. */
  private static Optional<long[]> dimsOf(Value v) {
    Optional<Shape> shape = v.shape();
    if (shape.isEmpty() || v.dataType().isEmpty() || !(v.type() instanceof ValueType.TensorType)) {
      return Optional.empty();
    }
    Shape s = shape.get();
    long[] dims = new long[s.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = s.dim(i) instanceof Dim.Static d ? d.value() : KnownValues.UNKNOWN_DIM;
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
      if (v != null && v.isUsed()) {
        OutputMaterializer.replace(g, v, outputs.get(i));
      }
    }
  }
}
