package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Operator uses whose ONNX Runtime results are known to differ from the ONNX specification, so
 * that folding never takes them from ONNX Runtime: each entry names the operator, its domain, the
 * operator versions (since-versions of the schema) it applies to, the uses it applies to, and the
 * reason. Every entry was found by ONNX's own backend node tests, named in its reason, folding to
 * another value than the test's expected output through ONNX Runtime 1.26 (the conformance table,
 * NodeTestConformanceTableTest).
 *
 * <p>Invariant: a use this list does not match is not known to differ; a use it matches is never
 * folded through ONNX Runtime. Where deciding needs a constant's data (a mask's rows, a Resize's
 * scales) and the data is not known, the entry matches: refusing a fold is always sound.
 */
public final class OrtKnownDeviations {
  private OrtKnownDeviations() {}

  /** The ONNX Runtime release the entries were measured against. */
  public static final String RUNTIME_VERSION = "1.26";

  /**
   * One known deviation.
   *
   * @param op the operator and its domain
   * @param fromVersion the first since-version it applies to
   * @param toVersion the last since-version it applies to
   * @param applies whether a node (with the known constants of the region) is such a use
   * @param reason what differs, and the node tests that show it
   */
  record Deviation(OpId op, int fromVersion, int toVersion, BiPredicate<Node, Map<Value, Tensor>> applies,
      String reason) {}

  private static final List<Deviation> DEVIATIONS = List.of(
      new Deviation(OpId.onnx("Attention"), 23, 24,
          (n, c) -> n.floatAttribute("softcap", 0f) != 0f && (present(n, 3) || present(n, 4) || outputWanted(n, 3)),
          "softcap combined with a mask, past keys or qk_matmul_output gives other scores than the spec"
              + " (test_attention_4d_softcap_neginf_mask, test_attention_3d_with_past_and_present_qk_matmul_softcap)"),
      new Deviation(OpId.onnx("Attention"), 23, 24,
          (n, c) -> n.intAttribute("is_causal", 0) != 0 && present(n, 6),
          "is_causal with nonpad_kv_seqlen does not place the causal mask as the spec does for prefill"
              + " (test_attention_4d_causal_nonpad_batch_prefill, ..._continued_prefill, ..._attn_mask_composition)"),
      new Deviation(OpId.onnx("Attention"), 23, 24,
          (n, c) -> n.intAttribute("is_causal", 0) != 0 && outputWanted(n, 3),
          "qk_matmul_output of a causal Attention has other masked entries (-inf) than the spec"
              + " (test_attention_4d_with_past_and_present_qk_matmul_bias_3d_mask_causal)"),
      new Deviation(OpId.onnx("Attention"), 23, 24,
          (n, c) -> present(n, 3) && (maskMayMaskARow(n.input(3), c)
              || (n.intAttribute("is_causal", 0) != 0 && elementType(n.input(3), c) == DataType.BOOL)),
          "rows masked entirely (by a boolean or -inf mask, or a boolean mask with is_causal) do not give"
              + " the spec's result (test_attention_23_boolmask_fullymasked_row_nan_robustness,"
              + " test_attention_causal_boolmask_nan_robustness)"),
      new Deviation(OpId.onnx("Resize"), 11, 19,
          (n, c) -> n.attribute("coordinate_transformation_mode").map(a -> a.asString()).orElse("half_pixel")
              .equals("align_corners") && mayDownsample(n, c),
          "align_corners with an output smaller than the input samples other points than the spec"
              + " (test_resize_downsample_scales_linear_align_corners, ..._cubic_align_corners)"),
      new Deviation(OpId.onnx("MaxUnpool"), 9, 22,
          (n, c) -> present(n, 2),
          "with output_shape given, it reads the indices as flat positions in output_shape, where ONNX's"
              + " reference keeps their row and column of the default output (test_maxunpool_export_with_output_shape)"),
      new Deviation(OpId.onnx("DFT"), 17, 20,
          (n, c) -> n.intAttribute("inverse", 0) != 0 && n.intAttribute("onesided", 0) != 0,
          "an inverse one-sided DFT (irfft) returns the one-sided shape [..., n/2+1, 2], not the spec's"
              + " [..., n, 1] (test_dft_irfft)"));

  /**
   * Why ONNX Runtime must not evaluate {@code node} because it may crash the process on it, or
   * empty: the node sees an empty tensor (an input or output with a 0 dim, or one whose size is not
   * known) in a way {@link OrtEmptyTensorUses} does not list as vetted.
   *
   * <p>NOTE: ONNX Runtime 1.26 dies with SIGSEGV (the whole JVM) on some operators given empty
   * tensors: ReduceL1 of float16[0,1,0,0], ReduceLogSumExp of uint64[0,0,0] with keepdims=2, DFT of
   * float32[4,1,0,1], all found by FoldFuzzTest one after the other. An allow-list, not a list of
   * the crashes found, is what keeps the next one out. Refusing evaluates nothing: always sound.
   *
   * @param node a node of a model whose constants are initializers and whose other values carry
   *     the types shape inference gave them (a fold region's model)
   */
  public static Optional<String> crash(Node node) {
    return OrtEmptyTensorUses.refusal(node);
  }

  /**
   * Why {@code node}, an operator whose schema has {@code sinceVersion}, must not be evaluated by
   * ONNX Runtime, or empty.
   *
   * @param constants the data of the values the region reads from outside itself
   */
  public static Optional<String> refusal(Node node, int sinceVersion, Map<Value, Tensor> constants) {
    OpId op = OpId.of(node);
    for (Deviation d : DEVIATIONS) {
      if (d.op().equals(op) && sinceVersion >= d.fromVersion() && sinceVersion <= d.toVersion()
          && d.applies().test(node, constants)) {
        return Optional.of("ONNX Runtime " + RUNTIME_VERSION + " is known to differ from the ONNX spec for "
            + node.opType() + "-" + sinceVersion + ": " + d.reason());
      }
    }
    return Optional.empty();
  }

  private static boolean present(Node n, int input) {
    return n.inputs().size() > input && n.input(input) != null;
  }

  /** Whether output {@code index} exists and is read (named, so a consumer or the graph may read it). */
  private static boolean outputWanted(Node n, int index) {
    return n.outputs().size() > index && n.output(index) != null && !n.output(index).name().isEmpty();
  }

  private static DataType elementType(Value v, Map<Value, Tensor> constants) {
    Tensor t = constants.get(v);
    if (t != null) {
      return t.dataType();
    }
    return v.type() instanceof dev.scalpel.graph.ValueType.TensorType tt ? tt.elementType() : DataType.UNDEFINED;
  }

  /**
   * Whether a row of the mask (its last axis) may mask every key: all false for a boolean mask,
   * all -inf for a float one; true when the data is not known or not of those types.
   */
  private static boolean maskMayMaskARow(Value mask, Map<Value, Tensor> constants) {
    Tensor t = constants.get(mask);
    if (t == null) {
      return true;
    }
    long[] dims = t.dims();
    if (dims.length == 0) {
      return maskedEntry(t, 0);
    }
    long row = dims[dims.length - 1];
    long count = t.elementCount();
    if (row == 0) {
      return true;
    }
    if (!MASK_TYPES.contains(t.dataType())) {
      return true;
    }
    for (long start = 0; start < count; start += row) {
      boolean all = true;
      for (long i = start; i < start + row && all; i++) {
        all = maskedEntry(t, i);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** The mask element types whose masked entries {@link #maskedEntry} recognises. */
  private static final Set<DataType> MASK_TYPES =
      EnumSet.of(DataType.BOOL, DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16);

  private static boolean maskedEntry(Tensor t, long index) {
    ByteBuffer b = t.data().slice().order(ByteOrder.LITTLE_ENDIAN);
    int i = Math.toIntExact(index);
    return switch (t.dataType()) {
      case BOOL -> b.get(i) == 0;
      case FLOAT -> b.getFloat(i * 4) == Float.NEGATIVE_INFINITY;
      case DOUBLE -> b.getDouble(i * 8) == Double.NEGATIVE_INFINITY;
      // NOTE: -inf is 0xFC00 in float16 and 0xFF80 in bfloat16.
      case FLOAT16 -> b.getShort(i * 2) == (short) 0xFC00;
      case BFLOAT16 -> b.getShort(i * 2) == (short) 0xFF80;
      default -> true;
    };
  }

  /**
   * Whether a Resize may give an output smaller than its input on some axis: a scale below 1, or
   * a size below the input's dim; true when the scales or sizes are not known.
   */
  private static boolean mayDownsample(Node n, Map<Value, Tensor> constants) {
    Tensor scales = present(n, 2) ? constants.get(n.input(2)) : null;
    if (present(n, 2) && scales == null) {
      return true;
    }
    if (scales != null && scales.elementCount() > 0) {
      if (scales.dataType() != DataType.FLOAT) {
        return true;
      }
      for (float s : scales.toFloatArray()) {
        if (s < 1f) {
          return true;
        }
      }
      return false;
    }
    Tensor sizes = present(n, 3) ? constants.get(n.input(3)) : null;
    Tensor x = constants.get(n.input(0));
    if (sizes == null || x == null || sizes.dataType() != DataType.INT64) {
      return true;
    }
    long[] out = sizes.toLongArray();
    long[] in = x.dims();
    if (out.length != in.length) {
      // NOTE: sizes over a subset of axes (Resize-18's axes attribute): not worth resolving here.
      return true;
    }
    for (int i = 0; i < in.length; i++) {
      if (out[i] < in[i]) {
        return true;
      }
    }
    return false;
  }
}
