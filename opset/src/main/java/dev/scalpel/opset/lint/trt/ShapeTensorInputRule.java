package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graph inputs whose values (not only their shapes) decide a shape: they reach a shape argument
 * (Reshape's shape, Resize's scales or sizes, Expand's shape...) through any ops but Shape and
 * Size. TensorRT makes such an input a shape tensor (reference A.7, B.6): the engine needs an
 * optimization profile with min/opt/max values for it, and profile values are int32, so a FLOAT
 * one (such as a resize factor) is unverified (reference F.1).
 */
final class ShapeTensorInputRule implements TrtRule {
  /** Op to the input slots that carry a shape or a size. */
  private static final Map<String, Set<Integer>> SHAPE_SLOTS = Map.ofEntries(
      Map.entry("Reshape", Set.of(1)), Map.entry("Expand", Set.of(1)), Map.entry("ConstantOfShape", Set.of(0)),
      Map.entry("Tile", Set.of(1)), Map.entry("Resize", Set.of(1, 2, 3)), Map.entry("Upsample", Set.of(1)),
      Map.entry("Slice", Set.of(1, 2, 3, 4)), Map.entry("Range", Set.of(0, 1, 2)), Map.entry("Pad", Set.of(1)),
      Map.entry("OneHot", Set.of(1)), Map.entry("TopK", Set.of(1)));

  @Override
  public String id() {
    return "trt-shape-tensor-input";
  }

  @Override
  public String description() {
    return "graph inputs whose values decide shapes (shape-tensor inputs)";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Value input : model.graph().inputs()) {
      if (input.isInitializer()) {
        continue;
      }
      Node reached = firstShapeUse(input);
      if (reached == null) {
        continue;
      }
      boolean floating = input.dataType().map(DataType::isFloatingPoint).orElse(false);
      out.add(Finding.of(id(), floating ? Finding.Severity.WARNING : Finding.Severity.INFO, reached.describe(), input.name(),
          "input '" + input.name() + "' decides a shape at " + reached.describe() + ", so TensorRT treats it as a "
              + "shape tensor: the profile needs its min/opt/max values, which the trtexec line here does not give" + (floating
                  ? "; profile values are int32, so a " + input.dataType().get().displayName()
                      + " shape input is not verified to build" : ""),
          floating ? "make the input integer and cast it in the graph (parameterize-resize --factor-type int32)"
              : "give its values in --minShapes/--optShapes/--maxShapes"));
    }
  }

  private static Node firstShapeUse(Value input) {
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> work = new ArrayDeque<>();
    work.add(input);
    while (!work.isEmpty()) {
      Value v = work.pop();
      if (!seen.add(v)) {
        continue;
      }
      for (Usage u : v.uses()) {
        Node n = u.node();
        if (!n.isDefaultDomain() || n.opType().equals("Shape") || n.opType().equals("Size")) {
          continue;
        }
        if (SHAPE_SLOTS.getOrDefault(n.opType(), Set.of()).contains(u.inputIndex())) {
          return n;
        }
        n.outputs().forEach(work::add);
      }
    }
    return null;
  }
}
