package dev.scalpel.graph.tensor;

import static dev.scalpel.graph.tensor.SmallFloats.E8M0Rounding.DOWN;
import static dev.scalpel.graph.tensor.SmallFloats.E8M0Rounding.NEAREST;
import static dev.scalpel.graph.tensor.SmallFloats.E8M0Rounding.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected bit patterns derived by hand from ONNX's float8.md, float4.md and the Cast tables
 * (bias 7/8/15/16/1, the max and min of each format, ties to even).
 */
class SmallFloatsTest {
  private static int sat(DataType t, double v) {
    return SmallFloats.fromDouble(t, v, true, UP);
  }

  private static int noSat(DataType t, double v) {
    return SmallFloats.fromDouble(t, v, false, UP);
  }

  @Test
  void e4m3fnRoundsToEvenAndSaturatesOrBecomesNaN() {
    DataType t = DataType.FLOAT8E4M3FN;
    assertThat(sat(t, 448)).isEqualTo(0x7e); // S.1111.110 = 1.75 * 2^8, the max
    assertThat(sat(t, 464)).isEqualTo(0x7e); // tie of 448 (mantissa 110) and 480 (111): even
    assertThat(noSat(t, 464)).isEqualTo(0x7e);
    assertThat(sat(t, 465)).isEqualTo(0x7e);
    assertThat(noSat(t, 465)).isEqualTo(0x7f); // rounds to 480 > max: NaN
    assertThat(noSat(t, -1e6)).isEqualTo(0xff);
    assertThat(sat(t, Double.POSITIVE_INFINITY)).isEqualTo(0x7e);
    assertThat(noSat(t, Double.NEGATIVE_INFINITY)).isEqualTo(0xff);
    assertThat(sat(t, Double.NaN)).isEqualTo(0x7f);
    assertThat(sat(t, 0x1p-9)).isEqualTo(0x01); // smallest subnormal
    assertThat(sat(t, 0x1p-10)).isEqualTo(0x00); // tie of 0 and 2^-9: even
    assertThat(sat(t, 0x1.8p-10)).isEqualTo(0x01);
    assertThat(sat(t, -0.0)).isEqualTo(0x80);
    assertThat(sat(t, -1e-7)).isEqualTo(0x80); // -0 kept
    assertThat(sat(t, 0.5)).isEqualTo(0x30); // exponent -1 + 7 = 6
    assertThat(sat(t, 0.4789254665374756)).isEqualTo(0x2f); // 1.875 * 2^-2 = 0.46875 is nearest
    assertThat(SmallFloats.toFloat(t, 0x7e)).isEqualTo(448f);
    assertThat(SmallFloats.toFloat(t, 0x01)).isEqualTo(0x1p-9f);
    assertThat(SmallFloats.toFloat(t, 0xff)).isNaN();
  }

  @Test
  void uzFormatsHaveOneZeroAndOneNaN() {
    DataType t = DataType.FLOAT8E4M3FNUZ;
    assertThat(sat(t, -1e-7)).isEqualTo(0x00); // no negative zero
    assertThat(sat(t, -0.0)).isEqualTo(0x00);
    assertThat(sat(t, Double.NaN)).isEqualTo(0x80);
    assertThat(sat(t, Double.POSITIVE_INFINITY)).isEqualTo(0x7f); // max 1.875 * 2^7 = 240
    assertThat(noSat(t, Double.NEGATIVE_INFINITY)).isEqualTo(0x80);
    assertThat(noSat(t, 1e6)).isEqualTo(0x80);
    assertThat(SmallFloats.toFloat(t, 0x7f)).isEqualTo(240f);
    assertThat(SmallFloats.toFloat(t, 0x80)).isNaN();
    assertThat(SmallFloats.toFloat(t, 0x01)).isEqualTo(0x1p-10f);
    DataType u = DataType.FLOAT8E5M2FNUZ;
    assertThat(SmallFloats.toFloat(u, 0x7f)).isEqualTo(57344f);
    assertThat(SmallFloats.toFloat(u, 0x01)).isEqualTo(0x1p-17f);
    assertThat(sat(u, 0.5)).isEqualTo(0x3c); // exponent -1 + 16 = 15
  }

  @Test
  void e5m2HasInfinities() {
    DataType t = DataType.FLOAT8E5M2;
    assertThat(sat(t, 57344)).isEqualTo(0x7b);
    assertThat(sat(t, 61440)).isEqualTo(0x7b); // tie of 57344 (11) and 65536 (even): overflows, saturates
    assertThat(noSat(t, 61440)).isEqualTo(0x7c); // infinity
    assertThat(noSat(t, Double.NEGATIVE_INFINITY)).isEqualTo(0xfc);
    assertThat(sat(t, Double.NaN)).isEqualTo(0x7e);
    assertThat(SmallFloats.toFloat(t, 0x7c)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(SmallFloats.toFloat(t, 0xfc)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(SmallFloats.toFloat(t, 0x7d)).isNaN();
    assertThat(SmallFloats.toFloat(t, 0x01)).isEqualTo(0x1p-16f);
  }

  @Test
  void e2m1RoundsToEvenAndAlwaysSaturates() {
    DataType t = DataType.FLOAT4E2M1;
    assertThat(noSat(t, 0.25)).isEqualTo(0x0); // tie of 0 and 0.5
    assertThat(noSat(t, 0.75)).isEqualTo(0x2); // tie of 0.5 (001) and 1 (010)
    assertThat(noSat(t, 2.5)).isEqualTo(0x4); // tie of 2 (100) and 3 (101)
    assertThat(noSat(t, 5)).isEqualTo(0x6); // tie of 4 (110) and 6 (111)
    assertThat(noSat(t, 7)).isEqualTo(0x7);
    assertThat(noSat(t, Double.NEGATIVE_INFINITY)).isEqualTo(0xf);
    assertThat(noSat(t, -0.0)).isEqualTo(0x8);
    assertThatThrownBy(() -> sat(t, Double.NaN)).isInstanceOf(SmallFloats.UndefinedConversionException.class);
    float[] values = {0, 0.5f, 1, 1.5f, 2, 3, 4, 6};
    for (int b = 0; b < 8; b++) {
      assertThat(SmallFloats.toFloat(t, b)).isEqualTo(values[b]);
      assertThat(SmallFloats.toFloat(t, b | 8)).isEqualTo(-values[b]);
    }
  }

  @Test
  void e8m0RoundsAsRoundModeSays() {
    DataType t = DataType.FLOAT8E8M0;
    assertThat(SmallFloats.fromDouble(t, 3, true, UP)).isEqualTo(0x81); // 4 = 2^(129-127)
    assertThat(SmallFloats.fromDouble(t, 3, true, DOWN)).isEqualTo(0x80);
    assertThat(SmallFloats.fromDouble(t, 3, true, NEAREST)).isEqualTo(0x81); // 1.5 * 2: tie, up
    assertThat(SmallFloats.fromDouble(t, 2.9, true, NEAREST)).isEqualTo(0x80);
    assertThat(SmallFloats.fromDouble(t, 1, true, UP)).isEqualTo(0x7f);
    assertThat(SmallFloats.fromDouble(t, 0, true, UP)).isEqualTo(0x00);
    assertThat(SmallFloats.fromDouble(t, 0, false, NEAREST)).isEqualTo(0xff);
    assertThat(SmallFloats.fromDouble(t, 0x1p128, true, UP)).isEqualTo(0xfe);
    assertThat(SmallFloats.fromDouble(t, 0x1p128, false, UP)).isEqualTo(0xff);
    assertThat(SmallFloats.fromDouble(t, 0x1.8p126, true, UP)).isEqualTo(0xfe);
    assertThatThrownBy(() -> SmallFloats.fromDouble(t, -1, true, UP))
        .isInstanceOf(SmallFloats.UndefinedConversionException.class);
    assertThat(SmallFloats.toFloat(t, 0)).isEqualTo(0x1p-127f);
    assertThat(SmallFloats.toFloat(t, 0xfe)).isEqualTo(0x1p127f);
    assertThat(SmallFloats.toFloat(t, 0xff)).isNaN();
  }

  /** Every finite pattern survives a round trip; NaN patterns become the canonical one of their sign. */
  @Test
  void everyPatternRoundTrips() {
    for (DataType t : List.of(DataType.FLOAT8E4M3FN, DataType.FLOAT8E4M3FNUZ, DataType.FLOAT8E5M2,
        DataType.FLOAT8E5M2FNUZ, DataType.FLOAT4E2M1, DataType.FLOAT8E8M0)) {
      int patterns = t == DataType.FLOAT4E2M1 ? 16 : 256;
      for (int b = 0; b < patterns; b++) {
        float v = SmallFloats.toFloat(t, b);
        if (Float.isNaN(v)) {
          continue;
        }
        assertThat(SmallFloats.fromDouble(t, v, false, UP)).as("%s 0x%02x = %s", t, b, v).isEqualTo(b);
      }
    }
  }
}
