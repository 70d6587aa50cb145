package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixRulesTest {

  @Test
  void matMulBroadcastsBatchDims() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value y = g.node("MatMul", List.of(g.floats("a", "b", 1, "s", 64), g.floats("w", 12, 64, 32)));
    Value fixed = g.node("MatMul", List.of(g.floats("c", 2, 3, 4), g.floats("d", 4, 5)));
    g.infer(13);
    assertThat(y.type()).hasToString("float[b,12,s,32]");
    assertThat(fixed.type()).hasToString("float[2,3,5]");
  }

  @Test
  void matMulPromotesOneDimensionalOperands() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value v = g.floats("v", "k");
    Value m = g.floats("m", 3, "k", "n");
    Value left = g.node("MatMul", List.of(v, m));
    Value right = g.node("MatMul", List.of(g.floats("a", "r", "k"), v));
    Value dot = g.node("MatMul", List.of(v, v));
    g.infer(9);
    assertThat(left.type()).hasToString("float[3,n]");
    assertThat(right.type()).hasToString("float[r]");
    assertThat(dot.type()).hasToString("float[]");
  }

  @Test
  void mismatchedInnerDimsFail() {
    InferenceTestGraph g = new InferenceTestGraph();
    g.node("MatMul", List.of(g.floats("a", 2, 3), g.floats("b", 4, 5)));
    assertThat(g.infer(13).errorCount()).isEqualTo(1);
  }

  @Test
  void quantizedMatMuls() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value a = g.input("a", DataType.UINT8, "m", 8);
    Value b = g.input("b", DataType.INT8, 8, 4);
    Value integer = g.node("MatMulInteger", List.of(a, b));
    Value s = g.floats("s");
    Value q = g.node("QLinearMatMul", List.of(a, s, g.input("az", DataType.UINT8), b, s,
        g.input("bz", DataType.INT8), s, g.input("yz", DataType.UINT8)));
    g.infer(21);
    assertThat(integer.type()).hasToString("int32[m,4]");
    assertThat(q.type()).hasToString("uint8[m,4]");
  }

  @Test
  void gemmTransposes() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value plain = g.node("Gemm", List.of(g.floats("a", "m", 8), g.floats("b", 8, 4), g.floats("c", 4)));
    Value transposed = g.node("Gemm", List.of(g.floats("at", 8, "m"), g.floats("bt", "n", 8)),
        Attribute.of("transA", 1L), Attribute.of("transB", 1L));
    g.infer(13);
    assertThat(plain.type()).hasToString("float[m,4]");
    assertThat(transposed.type()).hasToString("float[m,n]");
  }

  @Test
  void detDropsTheMatrixDims() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value batched = g.node("Det", List.of(g.floats("x", "b", 3, 3)));
    Value single = g.node("Det", List.of(g.floats("y", 4, 4)));
    g.infer(11);
    assertThat(batched.type()).hasToString("float[b]");
    assertThat(single.type()).hasToString("float[]");
  }

  @Test
  void einsumExplicitImplicitAndEllipsis() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value a = g.floats("a", "b", "i", 5);
    Value w = g.floats("w", 5, 7);
    Value explicit = g.node("Einsum", List.of(a, w), Attribute.of("equation", "bij, jk -> bik"));
    Value implicit = g.node("Einsum", List.of(w, g.floats("v", 7)), Attribute.of("equation", "jk,k"));
    Value transpose = g.node("Einsum", List.of(a), Attribute.of("equation", "bij->jib"));
    Value ellipsis = g.node("Einsum", List.of(g.floats("x", "n", 1, 3, 4), g.floats("y", 6, 4, 2)),
        Attribute.of("equation", "...ij,...jk->...ik"));
    Value trace = g.node("Einsum", List.of(g.floats("s", 3, 3)), Attribute.of("equation", "ii"));
    Value implicitEllipsis = g.node("Einsum", List.of(g.floats("z", 2, 3, 4)), Attribute.of("equation", "...ba"));
    g.infer(12);
    assertThat(explicit.type()).hasToString("float[b,i,7]");
    assertThat(implicit.type()).hasToString("float[5]");
    assertThat(transpose.type()).hasToString("float[5,i,b]");
    assertThat(ellipsis.type()).hasToString("float[n,6,3,2]");
    assertThat(trace.type()).hasToString("float[]");
    assertThat(implicitEllipsis.type()).hasToString("float[2,4,3]");
  }
}
