package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a model against what TensorRT's ONNX parser accepts, rule by rule ({@link #rules()}).
 *
 * <p>NOTE: no TensorRT runs here. Every rule encodes the parser's documented behaviour (its
 * operator table, changelog, FAQ and importer sources, as summarised in
 * shared/reference/trt_resize_shapes.md A.*), so a model that passes can still fail on a device
 * for a reason the documentation does not state.
 */
public final class TrtReadiness {
  private TrtReadiness() {}

  /** Every rule, in report order. */
  public static List<TrtRule> rules() {
    return List.of(new OpsetRule(), new IrVersionRule(), new UnsupportedOperatorRule(), new DataTypeRule(),
        new Int64Rule(), new ConstantInputRule(), new ResizeRule(), new PoolingRule(), new TopKRule(),
        new TrainingModeRule(), new ConstantNodeRule(), new AttributeLimitsRule(), new QdqPlacementRule(), new ShapeTensorInputRule(),
        new InitializerInputRule());
  }

  /** The findings of every rule on {@code model}; the model is not changed. */
  public static TrtReport check(Model model, TrtVersion version) {
    List<Finding> findings = new ArrayList<>();
    for (TrtRule rule : rules()) {
      rule.check(model, version, findings);
    }
    return new TrtReport(version, findings);
  }
}
