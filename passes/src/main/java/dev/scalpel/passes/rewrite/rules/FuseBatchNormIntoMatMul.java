package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.List;

/**
 * {@code BN(MatMul(A, B)) = Add(MatMul(A, B′), t)} for a constant matrix {@code B [K, N]} and A of
 * rank 2: only then is the BN channel axis (1) the axis N of the weight's output dimension (for A
 * of rank ≥ 3 axis 1 is a batch or row axis; rank 1 has no channel axis). With the BN as {@code
 * s·y + t} ({@link BatchNormAffine}): {@code B′ = B·s} per column, in double, cast to B's type. The
 * Add then meets {@code fuse-matmul-add-into-gemm}. Only in inference, and when nothing but the BN
 * reads the MatMul.
 */
public final class FuseBatchNormIntoMatMul extends RewriteRule {
  public FuseBatchNormIntoMatMul() {
    // NOTE: from opset 9, where BN lost 'spatial'; 14 adds training_mode.
    super("fuse-batchnorm-into-matmul", OpId.onnx("BatchNormalization"), OpsetRange.of(9, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return BatchNormAffine.pattern(p, p.op("MatMul", p.var("a"), p.constant("b")).named("matmul"));
  }

  @Override
  protected MatchResult check(Match m) {
    Value a = m.value("a");
    long rank = Axes.rankOf(a);
    if (rank != 2) {
      return MatchResult.fail("A '" + a.name() + "' has rank " + (rank < 0 ? "unknown" : Long.toString(rank))
          + ": only for rank 2 is the BN channel axis the weight's output axis");
    }
    Tensor b = m.tensor("b");
    if (!FloatingTensors.SUPPORTED.contains(b.dataType()) || b.dims().length != 2) {
      return MatchResult.fail("B is " + b.dataType() + b.shape() + ", not a floating matrix");
    }
    long n = b.dims()[1];
    String bad = BatchNormAffine.problem(m, n);
    if (bad != null) {
      return MatchResult.fail(bad);
    }
    BatchNormAffine bn = BatchNormAffine.of(m);
    double[] w = FloatingTensors.toDoubles(b);
    for (int e = 0; e < w.length; e++) {
      w[e] *= bn.s()[(int) (e % n)];
    }
    if (b.dataType() == DataType.FLOAT16
        && (BatchNormAffine.exceeds(w, BatchNormAffine.FLOAT16_MAX) || BatchNormAffine.exceeds(bn.t(), BatchNormAffine.FLOAT16_MAX))) {
      return MatchResult.fail("the fused weights overflow float16");
    }
    return MatchResult.success()
        .bind("fusedB", FloatingTensors.fromDoubles("", b.dataType(), b.dims(), w))
        .bind("shift", FloatingTensors.fromDoubles("", b.dataType(), new long[] {n}, bn.t()));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node matmul = m.node("matmul");
    Value b = r.constant(m.value("b").name() + "_bn", m.binding("fusedB", Tensor.class));
    Value shift = r.constant(matmul.name().isEmpty() ? "bias_bn" : matmul.name() + "_bias_bn", m.binding("shift", Tensor.class));
    Value product = r.op("MatMul", List.of(m.value("a"), b), List.of(), matmul.name());
    Value y = r.op("Add", List.of(product, shift), List.of(), m.node("bn").name());
    Value[] outs = new Value[m.node("bn").outputs().size()];
    outs[0] = y;
    return Replacement.of(outs);
  }
}
