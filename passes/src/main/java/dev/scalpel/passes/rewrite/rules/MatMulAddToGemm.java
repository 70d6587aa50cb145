package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.graph.Constants;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Add(MatMul(A, B), C) = Gemm(A, B, C)} (α = β = 1, no transposes) for A of rank 2
 * {@code [M, K]}, a constant matrix {@code B [K, N]}, and C whose shape broadcasts to {@code [M,
 * N]} without changing it (rank ≤ 2, last dim 1 or N, row dim 1 or M: static equal or the same
 * symbol), so the Add's result is {@code [M, N]} as Gemm's. Float, double and float16 only (the
 * types Gemm and ONNX Runtime's CPU Gemm share with MatMul). Only when nothing but the Add reads
 * the MatMul. One subclass per side the MatMul is on.
 */
public abstract class MatMulAddToGemm extends RewriteRule {
  private static final Set<DataType> TYPES = EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16);

  MatMulAddToGemm(String id) {
    // NOTE: from opset 7, where Gemm's C became unidirectionally broadcast (and Add numpy-broadcast).
    super(id, OpId.onnx("Add"), OpsetRange.of(7, 24));
  }

  /** Whether the MatMul is the Add's first input; a constant, read while the pattern is built. */
  abstract boolean matMulFirst();

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    Pattern.Op matmul = p.op("MatMul", p.var("a"), p.constant("b")).named("matmul");
    return (matMulFirst() ? p.op("Add", matmul, p.var("c")) : p.op("Add", p.var("c"), matmul)).named("add");
  }

  @Override
  protected final MatchResult check(Match m) {
    Value a = m.value("a");
    Optional<Shape> aShape = a.shape();
    if (aShape.isEmpty() || aShape.get().rank() != 2) {
      return MatchResult.fail("A '" + a.name() + "' is not known to be of rank 2");
    }
    Tensor b = m.tensor("b");
    if (b.dims().length != 2 || !TYPES.contains(b.dataType())) {
      return MatchResult.fail("B is " + b.dataType() + b.shape() + ", not a float, double or float16 matrix");
    }
    Value c = m.value("c");
    Optional<long[]> cStatic = Constants.of(c).map(Tensor::dims);
    Optional<Shape> cShape = cStatic.map(Shape::of).or(c::shape);
    if (cShape.isEmpty() || cShape.get().rank() > 2) {
      return MatchResult.fail("C '" + c.name() + "' is " + cShape.map(s -> "of rank " + s.rank()).orElse("of unknown shape"));
    }
    Dim m0 = aShape.get().dim(0);
    Dim n = Dim.of(b.dims()[1]);
    Shape s = cShape.get();
    boolean lastFits = s.rank() == 0 || fits(s.dim(s.rank() - 1), n);
    boolean rowFits = s.rank() < 2 || fits(s.dim(0), m0);
    if (!lastFits || !rowFits) {
      return MatchResult.fail("C " + s + " does not broadcast to [" + m0 + ", " + n + "] unchanged");
    }
    return MatchResult.success();
  }

  /** Whether a dim of C is 1 or equals the Gemm dim {@code want}. */
  private static boolean fits(Dim d, Dim want) {
    if (d instanceof Dim.Static st && st.value() == 1) {
      return true;
    }
    return !(d instanceof Dim.Unknown) && d.equals(want);
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(r.op("Gemm", List.of(m.value("a"), m.value("b"), m.value("c")), List.of(), m.node("matmul").name()));
  }

  /** {@code Add(MatMul(A, B), C)}. */
  public static final class MatMulFirst extends MatMulAddToGemm {
    public MatMulFirst() {
      super("fuse-matmul-add-into-gemm");
    }

    @Override
    boolean matMulFirst() {
      return true;
    }
  }

  /** {@code Add(C, MatMul(A, B))}. */
  public static final class MatMulSecond extends MatMulAddToGemm {
    public MatMulSecond() {
      super("fuse-add-matmul-into-gemm");
    }

    @Override
    boolean matMulFirst() {
      return false;
    }
  }
}
