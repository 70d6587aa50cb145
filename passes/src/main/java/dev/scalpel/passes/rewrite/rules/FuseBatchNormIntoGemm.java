package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code BN(Gemm(A, B, C; α, β)) = Gemm(A, B′, C′; α, 1)}. A Gemm's result is {@code [M, N]}, so
 * the BN channel axis 1 is N, the axis the weight's output dimension lands on (B's axis 1, or 0
 * with transB). With the BN as {@code s·y + t} ({@link BatchNormAffine}): {@code B′ = B·s} along
 * that axis and {@code C′ = s·β·C + t} (C = 0 when absent), C′ of shape {@code [N]}, or {@code [M′,
 * N]} when C had a row dim M′; computed in double, cast to B's type. Only in inference, with
 * constant B and C, and when nothing but the BN reads the Gemm.
 */
public final class FuseBatchNormIntoGemm extends RewriteRule {
  public FuseBatchNormIntoGemm() {
    // NOTE: from opset 9, where BN lost 'spatial'; Gemm's C is unidirectionally broadcast from 7.
    super("fuse-batchnorm-into-gemm", OpId.onnx("BatchNormalization"), OpsetRange.of(9, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return BatchNormAffine.pattern(p, p.op("Gemm", p.var("a"), p.constant("b"), p.optionalConstant("c")).named("gemm"));
  }

  @Override
  protected MatchResult check(Match m) {
    Node gemm = m.node("gemm");
    Tensor b = m.tensor("b");
    if (!FloatingTensors.SUPPORTED.contains(b.dataType()) || b.dims().length != 2) {
      return MatchResult.fail("B is " + b.dataType() + b.shape() + ", not a floating matrix");
    }
    boolean transB = gemm.intAttribute("transB", 0) != 0;
    int nAxis = transB ? 0 : 1;
    long n = b.dims()[nAxis];
    String bad = BatchNormAffine.problem(m, n);
    if (bad != null) {
      return MatchResult.fail(bad);
    }
    Optional<Tensor> c = m.optionalTensor("c");
    long[] cDims = c.map(Tensor::dims).orElse(new long[0]);
    if (cDims.length > 2 || (cDims.length >= 1 && cDims[cDims.length - 1] != 1 && cDims[cDims.length - 1] != n)) {
      return MatchResult.fail("C of shape " + c.get().shape() + " does not broadcast to [M, " + n + "]");
    }
    if (c.isPresent() && !FloatingTensors.SUPPORTED.contains(c.get().dataType())) {
      return MatchResult.fail("C has type " + c.get().dataType());
    }
    BatchNormAffine bn = BatchNormAffine.of(m);
    double[] w = FloatingTensors.toDoubles(b);
    long cols = b.dims()[1];
    for (int e = 0; e < w.length; e++) {
      w[e] *= bn.s()[(int) (transB ? e / cols : e % cols)];
    }
    long rows = cDims.length == 2 ? cDims[0] : 1;
    double[] cIn = c.map(FloatingTensors::toDoubles).orElse(new double[] {0});
    double beta = gemm.floatAttribute("beta", 1f);
    double[] cOut = new double[(int) (rows * n)];
    long cCols = cDims.length == 0 ? 1 : cDims[cDims.length - 1];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        double cij = cIn[(int) (i * cCols + (cCols == 1 ? 0 : j))];
        cOut[(int) (i * n + j)] = bn.s()[j] * beta * cij + bn.t()[j];
      }
    }
    if (b.dataType() == DataType.FLOAT16
        && (BatchNormAffine.exceeds(w, BatchNormAffine.FLOAT16_MAX) || BatchNormAffine.exceeds(cOut, BatchNormAffine.FLOAT16_MAX))) {
      return MatchResult.fail("the fused weights overflow float16");
    }
    long[] outDims = cDims.length == 2 ? new long[] {rows, n} : new long[] {n};
    return MatchResult.success()
        .bind("fusedB", FloatingTensors.fromDoubles("", b.dataType(), b.dims(), w))
        .bind("fusedC", FloatingTensors.fromDoubles("", b.dataType(), outDims, cOut));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node gemm = m.node("gemm");
    Value b = r.constant(m.value("b").name() + "_bn", m.binding("fusedB", Tensor.class));
    Value c = r.constant(gemm.name().isEmpty() ? "bias_bn" : gemm.name() + "_bias_bn", m.binding("fusedC", Tensor.class));
    List<Attribute> attributes = new ArrayList<>();
    for (Attribute a : gemm.attributes().values()) {
      if (!a.name().equals("beta")) {
        attributes.add(a);
      }
    }
    Value y = r.op("Gemm", List.of(m.value("a"), b, c), attributes, gemm.name());
    Value[] outs = new Value[m.node("bn").outputs().size()];
    outs[0] = y;
    return Replacement.of(outs);
  }
}
