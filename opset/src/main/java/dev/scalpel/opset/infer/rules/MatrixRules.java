package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.Broadcasting;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Matrix products and the determinant: MatMul with NumPy semantics (1-D operands promoted and the
 * added dim dropped again, batch dims broadcast), MatMulInteger, QLinearMatMul, Gemm with its
 * transposition flags, and Det.
 */
public final class MatrixRules {
  private MatrixRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("MatMul", 1, ctx -> matMul(ctx, 0, 1, ctx.inputElementType(0)));
    b.add("MatMulInteger", 10, ctx -> matMul(ctx, 0, 1, Optional.of(DataType.INT32)));
    b.add("QLinearMatMul", 10, ctx -> matMul(ctx, 0, 3, ctx.inputElementType(7)));
    b.add("Gemm", 1, MatrixRules::gemm);
    b.add("Det", 11, MatrixRules::det);
  }

  static void matMul(InferenceContext ctx, int aIndex, int bIndex, Optional<DataType> type) {
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> a = ctx.inputShape(aIndex);
    Optional<SymShape> b = ctx.inputShape(bIndex);
    if (a.isEmpty() || b.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    Optional<SymShape> shape = matMulShape(a.get(), b.get());
    if (shape.isEmpty()) {
      ctx.fail("MatMul of shapes " + a.get() + " and " + b.get() + " does not fit");
      return;
    }
    if (a.get().rank() > 0 && b.get().rank() > 0) {
      SymExpr ka = a.get().dim(-1);
      SymExpr kb = b.get().rank() == 1 ? b.get().dim(0) : b.get().dim(-2);
      ctx.requireEqual(java.util.Arrays.asList(ka, kb));
      ctx.requireBroadcastable(List.of(batchDims(a.get()), batchDims(b.get())));
    }
    ctx.setOutput(0, type.get(), shape.get());
  }

  /** The dims of a MatMul operand before its last two (none for rank 1 or 2). */
  private static SymShape batchDims(SymShape s) {
    return SymShape.of(s.dims().subList(0, Math.max(0, s.rank() - 2)));
  }

  /** The NumPy matmul shape of {@code a @ b}, empty when the operands cannot multiply. */
  static Optional<SymShape> matMulShape(SymShape a, SymShape b) {
    if (a.rank() == 0 || b.rank() == 0) {
      return Optional.empty();
    }
    SymShape a2 = a.rank() == 1 ? SymShape.of(SymExpr.of(1), a.dim(0)) : a;
    SymShape b2 = b.rank() == 1 ? SymShape.of(b.dim(0), SymExpr.of(1)) : b;
    SymExpr ka = a2.dim(-1);
    SymExpr kb = b2.dim(-2);
    if (ka != null && kb != null && ka.isConstant() && kb.isConstant() && !ka.equals(kb)) {
      return Optional.empty();
    }
    SymShape batchA = SymShape.of(a2.dims().subList(0, a2.rank() - 2));
    SymShape batchB = SymShape.of(b2.dims().subList(0, b2.rank() - 2));
    Optional<SymShape> batch = Broadcasting.broadcast(List.of(batchA, batchB));
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    List<SymExpr> out = new ArrayList<>(batch.get().dims());
    if (a.rank() > 1) {
      out.add(a2.dim(-2));
    }
    if (b.rank() > 1) {
      out.add(b2.dim(-1));
    }
    return Optional.of(SymShape.of(out));
  }

  /** {@code [M, N]} from A ({@code [M, K]}, or {@code [K, M]} with transA) and B likewise. */
  static void gemm(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> a = ctx.inputShape(0).filter(s -> s.rank() == 2);
    Optional<SymShape> b = ctx.inputShape(1).filter(s -> s.rank() == 2);
    boolean transA = ctx.intAttribute("transA", 0) != 0;
    boolean transB = ctx.intAttribute("transB", 0) != 0;
    SymExpr m = a.map(s -> s.dim(transA ? 1 : 0)).orElse(null);
    SymExpr n = b.map(s -> s.dim(transB ? 0 : 1)).orElse(null);
    if (a.isPresent() && b.isPresent()) {
      ctx.requireEqual(java.util.Arrays.asList(a.get().dim(transA ? 0 : 1), b.get().dim(transB ? 1 : 0)));
    }
    ctx.setOutput(0, type.get(), SymShape.of(m, n));
  }

  /** The batch dims of {@code [*, M, M]}. */
  static void det(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    SymShape shape = ctx.inputShape(0).filter(s -> s.rank() >= 2)
        .map(s -> SymShape.of(s.dims().subList(0, s.rank() - 2))).orElse(null);
    ctx.setOutput(0, type.get(), shape);
  }
}
