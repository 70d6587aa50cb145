package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ai.onnx.ml operators whose outputs follow from their inputs and attributes as the ONNX
 * schemas say: Binarizer (X's type and shape), LabelEncoder (X's shape, the element type of the
 * values_* attribute set), ArrayFeatureExtractor (X's dims but the last, then the number of
 * indices; nothing for a 1-D X, as ONNX infers) and TreeEnsemble ([N, n_targets] of X's type).
 */
public final class TraditionalMlRules {
  private static final String ML = "ai.onnx.ml";

  private TraditionalMlRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add(new OpId(ML, "Binarizer"), 1, TraditionalMlRules::binarizer);
    b.add(new OpId(ML, "LabelEncoder"), 2, TraditionalMlRules::labelEncoder);
    b.add(new OpId(ML, "ArrayFeatureExtractor"), 1, TraditionalMlRules::arrayFeatureExtractor);
    b.add(new OpId(ML, "TreeEnsemble"), 5, TraditionalMlRules::treeEnsemble);
  }

  static void binarizer(InferenceContext ctx) {
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }

  static void labelEncoder(InferenceContext ctx) {
    DataType values;
    if (ctx.tensorAttribute("values_tensor").isPresent()) {
      values = ctx.tensorAttribute("values_tensor").get().dataType();
    } else if (ctx.attribute("values_strings").isPresent()) {
      values = DataType.STRING;
    } else if (ctx.attribute("values_int64s").isPresent()) {
      values = DataType.INT64;
    } else if (ctx.attribute("values_floats").isPresent()) {
      values = DataType.FLOAT;
    } else {
      ctx.fail("LabelEncoder sets none of values_tensor, values_strings, values_int64s, values_floats");
      return;
    }
    ctx.setOutput(0, values, ctx.inputShape(0).orElse(null));
  }

  static void arrayFeatureExtractor(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    if (x.isEmpty() || x.get().rank() == 1) {
      // NOTE: ONNX's own inference says nothing of the shape for a 1-D X.
      ctx.setOutput(0, type.get(), null);
      return;
    }
    List<SymExpr> dims = new ArrayList<>(x.get().dims().subList(0, x.get().rank() - 1));
    dims.add(ctx.inputShape(1).map(TraditionalMlRules::elementCount).orElse(null));
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  /** The product of the dims when all are static, else null. */
  private static SymExpr elementCount(SymShape s) {
    long n = 1;
    for (SymExpr d : s.dims()) {
      if (d == null || !d.isConstant()) {
        return null;
      }
      n = Math.multiplyExact(n, d.constantValue());
    }
    return SymExpr.of(n);
  }

  static void treeEnsemble(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    SymExpr n = ctx.inputShape(0).filter(s -> s.rank() == 2).map(s -> s.dim(0)).orElse(null);
    SymExpr targets = ctx.intAttribute("n_targets").map(SymExpr::of).orElse(null);
    ctx.setOutput(0, type.get(), SymShape.of(n, targets));
  }
}
