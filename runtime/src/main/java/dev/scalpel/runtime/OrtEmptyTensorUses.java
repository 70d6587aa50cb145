package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The uses of empty tensors that ONNX Runtime is vetted to evaluate: an allow-list of (operator,
 * input or output position, element type), some with a condition on the node. A node of a fold
 * region that sees an empty tensor (a 0 dim, or a size not known, at an input or output) anywhere
 * this list does not name is not handed to ONNX Runtime ({@link OrtKnownDeviations#crash}).
 *
 * <p>Invariant: every entry is run through ONNX Runtime in a process of its own, for each of its
 * element types and on several empty shapes, by OrtEmptyTensorUsesVettingTest, which also checks
 * the results; an entry it does not cover fails that test.
 *
 * <p>NOTE: the list is short because the common empty cases never reach ONNX Runtime: a node with a
 * Java kernel folds through it (every Reduce* of floats included; the kernels compute the empty
 * set's identity), and only kernel-less nodes, or kernels refusing an element type, fall back.
 * Measured on the conformance table (NodeTestConformanceTableTest), these entries are what ONNX's
 * node tests need to keep folding.
 */
final class OrtEmptyTensorUses {
  private OrtEmptyTensorUses() {}

  /** Where a node sees a tensor. */
  enum Side { INPUT, OUTPUT }

  /**
   * One vetted use.
   *
   * @param op the operator (of the ONNX domain)
   * @param side whether the empty tensor is an input or an output of it
   * @param index the input or output position
   * @param types the element types it is vetted for there
   * @param when the nodes it applies to (attributes, other inputs)
   * @param uses what the use is, in words (a node test that needs it, where one does)
   */
  record Use(String op, Side side, int index, Set<DataType> types, Predicate<Node> when, String uses) {
    boolean matches(Node n, Side s, int i, DataType type) {
      return n.isDefaultDomain() && n.opType().equals(op) && side == s && index == i && types.contains(type)
          && when.test(n);
    }
  }

  private static final Set<DataType> ROI_TYPES = Set.of(DataType.FLOAT, DataType.FLOAT16, DataType.DOUBLE);
  /** NOTE: the types ONNX Runtime 1.26 has a Trilu kernel for (it has none for int32, int8, uint8). */
  private static final Set<DataType> TRILU_TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16,
      DataType.INT64, DataType.BOOL);

  static final List<Use> VETTED = List.of(
      new Use("Resize", Side.INPUT, 1, ROI_TYPES, OrtEmptyTensorUses::roiUnused,
          "an empty roi stands for none, outside tf_crop_and_resize (test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn)"),
      new Use("Resize", Side.INPUT, 2, Set.of(DataType.FLOAT), n -> present(n, 3),
          "an empty scales beside sizes stands for none (the same test; Resize-11 needs the input)"),
      new Use("Trilu", Side.INPUT, 0, TRILU_TYPES, n -> true, "test_triu_zero, test_tril_zero"),
      new Use("Trilu", Side.OUTPUT, 0, TRILU_TYPES, n -> true, "test_triu_zero, test_tril_zero"),
      new Use("StringSplit", Side.INPUT, 0, Set.of(DataType.STRING), n -> true, "test_string_split_empty_tensor"),
      new Use("StringSplit", Side.OUTPUT, 0, Set.of(DataType.STRING), n -> true, "test_string_split_empty_tensor"),
      new Use("StringSplit", Side.OUTPUT, 1, Set.of(DataType.INT64), n -> true, "test_string_split_empty_tensor"),
      new Use("RegexFullMatch", Side.INPUT, 0, Set.of(DataType.STRING), n -> true, "test_regex_full_match_empty"),
      new Use("RegexFullMatch", Side.OUTPUT, 0, Set.of(DataType.BOOL), n -> true, "test_regex_full_match_empty"));

  /**
   * Why ONNX Runtime must not evaluate {@code node}: the first empty tensor it sees where no vetted
   * use matches; empty if there is none.
   *
   * @param node a node whose constant inputs are initializers and whose other values carry the
   *     types shape inference gave them
   */
  static Optional<String> refusal(Node node) {
    for (int i = 0; i < node.inputs().size(); i++) {
      Optional<String> r = check(node, Side.INPUT, i, node.input(i));
      if (r.isPresent()) {
        return r;
      }
    }
    for (int i = 0; i < node.outputs().size(); i++) {
      Optional<String> r = check(node, Side.OUTPUT, i, node.output(i));
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> check(Node node, Side side, int index, Value v) {
    // NOTE: an omitted input, or an omitted optional output (an empty name), holds no tensor at all.
    if (v == null || (side == Side.OUTPUT && v.name().isEmpty())) {
      return Optional.empty();
    }
    Size size = size(v);
    if (size == Size.NOT_EMPTY) {
      return Optional.empty();
    }
    DataType type = v.dataType().orElse(DataType.UNDEFINED);
    for (Use u : VETTED) {
      if (u.matches(node, side, index, type)) {
        return Optional.empty();
      }
    }
    return Optional.of(node.opType() + " " + (size == Size.EMPTY ? "sees an empty " : "may see an empty ")
        + type.displayName() + " tensor at " + side.name().toLowerCase(Locale.ROOT) + " " + index + ", a use of"
        + " empty tensors not vetted on ONNX Runtime " + OrtKnownDeviations.RUNTIME_VERSION
        + " (it crashes the process on some)");
  }

  /** What is known of whether a tensor is empty. */
  enum Size { EMPTY, MAYBE_EMPTY, NOT_EMPTY }

  /** Whether {@code v} is empty: by its data if constant, else by a static 0 dim of its type; maybe if not known. */
  static Size size(Value v) {
    Optional<Tensor> t = v.constantValue();
    if (t.isPresent()) {
      return t.get().elementCount() == 0 ? Size.EMPTY : Size.NOT_EMPTY;
    }
    if (!(v.type() instanceof ValueType.TensorType tt) || tt.shape() == null) {
      return Size.MAYBE_EMPTY;
    }
    Size out = Size.NOT_EMPTY;
    for (Dim d : tt.shape().dims()) {
      if (d instanceof Dim.Static x && x.value() == 0) {
        return Size.EMPTY;
      }
      if (!(d instanceof Dim.Static x && x.value() > 0)) {
        out = Size.MAYBE_EMPTY;
      }
    }
    return out;
  }

  private static boolean present(Node n, int input) {
    return n.inputs().size() > input && n.input(input) != null;
  }

  /** Whether a Resize reads no roi: any coordinate transformation but tf_crop_and_resize. */
  private static boolean roiUnused(Node n) {
    return !n.attribute("coordinate_transformation_mode").map(a -> a.asString()).orElse("half_pixel")
        .equals("tf_crop_and_resize");
  }
}
