package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Cast, QuantizeLinear and DequantizeLinear on the types narrower than 16 bits; expected values
 * worked out by hand from the ONNX operator texts (float8.md, int4.md, the Q/DQ formulas).
 */
class SmallTypeKernelsTest {
  private static Attribute to(DataType t) {
    return Attribute.of("to", (long) t.code());
  }

  private static int[] bytes(Tensor t) {
    ByteBuffer b = t.data();
    int[] out = new int[b.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(b.position() + i) & 0xff;
    }
    return out;
  }

  private static Tensor packed(DataType type, long[] dims, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return DenseTensor.wrap("", type, dims, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void castToFloat8HonoursSaturate() {
    Tensor x = floats(dims(3), 1000f, -0.5f, Float.POSITIVE_INFINITY);
    assertThat(bytes(op("Cast", 19, x).attr(to(DataType.FLOAT8E4M3FN)).single())).containsExactly(0x7e, 0xb0, 0x7e);
    assertThat(bytes(op("Cast", 19, x).attr(to(DataType.FLOAT8E4M3FN)).attr(Attribute.of("saturate", 0L)).single()))
        .containsExactly(0x7f, 0xb0, 0x7f);
    assertThat(bytes(op("Cast", 19, x).attr(to(DataType.FLOAT8E5M2)).attr(Attribute.of("saturate", 0L)).single()))
        .containsExactly(0x64, 0xb8, 0x7c); // 1000 rounds to 1024 = 2^10: (10 + 15) << 2 = 0x64
  }

  @Test
  void castToFloat8E8M0UsesRoundMode() {
    Tensor x = floats(dims(2), 3f, 0.3f);
    assertThat(bytes(op("Cast", 24, x).attr(to(DataType.FLOAT8E8M0)).single())).containsExactly(0x81, 0x7e); // 4 = 2^2, 0.5 = 2^-1
    assertThat(bytes(op("Cast", 24, x).attr(to(DataType.FLOAT8E8M0)).attr(Attribute.of("round_mode", "down")).single()))
        .containsExactly(0x80, 0x7d);
    assertThatThrownBy(() -> op("Cast", 24, x).attr(to(DataType.FLOAT8E8M0)).attr(Attribute.of("round_mode", "odd")).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("round_mode");
  }

  @Test
  void castToInt4RoundsAndKeepsTheLowBitsButRefusesTies() {
    Tensor x = floats(dims(3), 1.7f, -9f, 8f);
    assertThat(bytes(op("Cast", 21, x).attr(to(DataType.INT4)).single())).containsExactly(0x72, 0x08);
    Tensor back = op("Cast", 21, op("Cast", 21, x).attr(to(DataType.INT4)).single()).attr(to(DataType.INT8)).single();
    assertThat(bytes(back)).containsExactly(2, 7, 0xf8);
    assertThatThrownBy(() -> op("Cast", 21, floats(dims(1), 2.5f)).attr(to(DataType.INT4)).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("tie");
    assertThatThrownBy(() -> op("Cast", 21, floats(dims(1), Float.NaN)).attr(to(DataType.UINT4)).run())
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void castFromFloat4WidensExactly() {
    Tensor x = packed(DataType.FLOAT4E2M1, dims(3), 0xf1, 0x0d);
    assertThat(op("Cast", 23, x).attr(to(DataType.FLOAT)).single().toFloatArray()).containsExactly(0.5f, -6f, -3f);
  }

  @Test
  void quantizeLinearClampsToInt4PerAxis() {
    Tensor x = floats(dims(2, 2), 5f, -40f, 3f, 100f);
    Tensor scale = floats(dims(2), 1f, 2f);
    Tensor zp = packed(DataType.INT4, dims(2), 0x10); // 0, 1
    Tensor y = op("QuantizeLinear", 21, x, scale, zp).attr(Attribute.of("axis", 0L)).single();
    // row 0: 5 and -40 (clamped to -8); row 1: 3/2 = 1.5 rounds to 2, + 1 = 3; 100/2 + 1 = 51 clamps to 7
    assertThat(bytes(y)).containsExactly(0x85, 0x73);
  }

  @Test
  void quantizeLinearToFloat8AddsTheZeroPointAndRefusesASignlessZero() {
    Tensor x = floats(dims(2), -0f, 600f);
    Tensor scale = floats(dims(), 1f);
    Tensor zp = packed(DataType.FLOAT8E4M3FN, dims(), 0x00);
    assertThat(bytes(op("QuantizeLinear", 19, x, scale, zp).single())).containsExactly(0x00, 0x7e); // -0 + 0 = +0
    assertThat(bytes(op("QuantizeLinear", 19, x, scale, zp).attr(Attribute.of("saturate", 0L)).single()))
        .containsExactly(0x00, 0x7f);
    assertThatThrownBy(() -> op("QuantizeLinear", 21, x, scale).attr(Attribute.of("output_dtype",
        (long) DataType.FLOAT8E4M3FN.code())).run()).isInstanceOf(EvaluationException.class).hasMessageContaining("-0");
  }

  @Test
  void quantizeLinearDividesInTheScaleTypeAndRefusesAnXItCannotHold() {
    short[] h = {HalfFloats.floatToHalf(3f)};
    Tensor half = DenseTensor.wrap("", DataType.FLOAT16, dims(), ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN)
        .putShort(0, h[0]));
    Tensor x = floats(dims(1), 1f / 3);
    assertThatThrownBy(() -> op("QuantizeLinear", 21, x, half).run()).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("not exact in float16");
    Tensor y = op("QuantizeLinear", 21, floats(dims(1), 7.5f), half).single();
    assertThat(bytes(y)).containsExactly(2); // 7.5 / 3 = 2.5 (exact in float16): ties to even
  }

  @Test
  void quantizeLinearRefusesAQuotientWhoseRoundingDependsOnThePrecision() {
    Tensor x = half(2047f);
    Tensor scale = half(0.9990234375f); // 1 - 2^-10
    Tensor zp = DenseTensor.wrap("", DataType.INT16, dims(), ByteBuffer.allocate(2));
    // 2047 / (1 - 2^-10) = 2049.00098: float16 holds only even integers there and rounds it to 2050,
    // float32 keeps 2049.00098, which rounds to 2049.
    assertThatThrownBy(() -> op("QuantizeLinear", 21, x, scale, zp).run()).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("rounds differently");
    Tensor y = op("QuantizeLinear", 21, half(1000f), half(0.5f), zp).single(); // exact: 2000
    assertThat(y.data().order(ByteOrder.LITTLE_ENDIAN).getShort(y.data().position())).isEqualTo((short) 2000);
  }

  private static Tensor half(float v) {
    return DenseTensor.wrap("", DataType.FLOAT16, dims(), ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN)
        .putShort(0, HalfFloats.floatToHalf(v)));
  }

  @Test
  void dequantizeLinearBlocked() {
    Tensor x = packed(DataType.UINT4, dims(1, 5), 0x21, 0x43, 0x05); // 1 2 3 4 5
    Tensor scale = floats(dims(1, 3), 1f, 10f, 100f);
    Tensor y = op("DequantizeLinear", 21, x, scale).attr(Attribute.of("axis", 1L)).attr(Attribute.of("block_size", 2L))
        .single();
    assertThat(y.toFloatArray()).containsExactly(1f, 2f, 30f, 40f, 500f);
    assertThatThrownBy(() -> op("DequantizeLinear", 19, x, scale).attr(Attribute.of("block_size", 2L)).run())
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void dequantizeLinearOfFloat8WithAZeroPoint() {
    Tensor x = packed(DataType.FLOAT8E4M3FN, dims(2), 0x40, 0xff); // 2, -NaN
    Tensor scale = floats(dims(), 0.5f);
    Tensor zp = packed(DataType.FLOAT8E4M3FN, dims(), 0x38); // 1
    float[] y = op("DequantizeLinear", 19, x, scale, zp).single().toFloatArray();
    assertThat(y[0]).isEqualTo(0.5f);
    assertThat(y[1]).isNaN();
  }
}
