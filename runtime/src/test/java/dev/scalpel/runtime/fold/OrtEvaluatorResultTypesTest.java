package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.OrtEvaluator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: results of every element type ONNX Runtime computes come back to the fold: float8
 * (read as bytes), int4/uint4/int2 (read through a widening Cast) and strings. Expected bit
 * patterns worked out by hand from onnx.proto's packing rules and float8.md.
 */
class OrtEvaluatorResultTypesTest {
  private static Map<Value, Tensor> evaluateOne(GraphBuilder b, Value x, Tensor xData, Value y) {
    b.output(y);
    Model m = b.model();
    return new OrtEvaluator().evaluate(m, List.of(y.producer()), Map.of(x, xData), Set.of(y));
  }

  private static int[] bytes(Tensor t) {
    ByteBuffer d = t.data();
    int[] out = new int[d.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.get(d.position() + i) & 0xff;
    }
    return out;
  }

  @Test
  void readsFloat8() {
    GraphBuilder b = GraphBuilder.create(19);
    Tensor data = DenseTensor.ofFloats("x", new long[] {4}, 1f, -2f, 0.5f, 7f);
    Value x = b.initializer("x", data);
    Value y = b.op("Cast", List.of(x), Attribute.of("to", (long) DataType.FLOAT8E4M3FN.code()));
    Tensor out = evaluateOne(b, x, data, y).get(y);
    assertThat(out.dataType()).isEqualTo(DataType.FLOAT8E4M3FN);
    // 1 = 0.0111.000, -2 = 1.1000.000, 0.5 = 0.0110.000, 7 = 1.75 * 2^2 = 0.1001.110
    assertThat(bytes(out)).containsExactly(0x38, 0xc0, 0x30, 0x4e);
  }

  @Test
  void readsInt4AndInt2ThroughAWideningCast() {
    for (DataType t : List.of(DataType.INT4, DataType.UINT4, DataType.INT2)) {
      GraphBuilder b = GraphBuilder.create(25);
      Tensor data = DenseTensor.ofFloats("x", new long[] {5}, 1f, -2f, 3f, 0f, 7f);
      Value x = b.initializer("x", data);
      Value y = b.op("Cast", List.of(x), Attribute.of("to", (long) t.code()));
      // NOTE: typed as infer-shapes types it before folding; the type says which outputs need widening.
      y.setType(new ValueType.TensorType(t, null));
      Tensor out = evaluateOne(b, x, data, y).get(y);
      assertThat(out.dataType()).isEqualTo(t);
      assertThat(out.dims()).containsExactly(5);
      int[] expected = switch (t) {
        case INT4, UINT4 -> new int[] {0xe1, 0x03, 0x07}; // 1, -2 = 1110, 3, 0, 7 (two to a byte, first low)
        default -> new int[] {0x39, 0x03}; // 1, -2 = 10, 3 = 11, 0 | 7 = ..11 (four to a byte)
      };
      assertThat(bytes(out)).as("%s", t).containsExactly(expected);
    }
  }

  @Test
  void readsStrings() {
    GraphBuilder b = GraphBuilder.create(20);
    Tensor data = DenseTensor.ofStrings("x", new long[] {2}, List.of("ab".getBytes(StandardCharsets.UTF_8),
        "\u00e9".getBytes(StandardCharsets.UTF_8)));
    Value x = b.initializer("x", data);
    Value y = b.op("StringConcat", x, x);
    Tensor out = evaluateOne(b, x, data, y).get(y);
    assertThat(out.dataType()).isEqualTo(DataType.STRING);
    assertThat(out.strings()).extracting(s -> new String(s, StandardCharsets.UTF_8)).containsExactly("abab", "\u00e9\u00e9");
  }
}
