package dev.scalpel.graph.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  @Test
  void narrowsToIeeeHalfRoundingToNearestEven() {
    assertThat(half(1f)).isEqualTo(0x3c00);
    assertThat(half(-2f)).isEqualTo(0xc000);
    assertThat(half(0f)).isEqualTo(0x0000);
    assertThat(half(-0f)).isEqualTo(0x8000);
    assertThat(half(0.1f)).isEqualTo(0x2e66);
    assertThat(half(65504f)).isEqualTo(0x7bff);
    assertThat(half(65520f)).as("rounds up past the largest half").isEqualTo(0x7c00);
    assertThat(half(Float.POSITIVE_INFINITY)).isEqualTo(0x7c00);
    assertThat(half(Float.NEGATIVE_INFINITY)).isEqualTo(0xfc00);
    assertThat(half(Float.NaN) & 0x7c00).isEqualTo(0x7c00);
    assertThat(half(Float.NaN) & 0x03ff).isNotZero();
    assertThat(half(6.1035156e-5f)).as("smallest normal").isEqualTo(0x0400);
    assertThat(half(5.9604645e-8f)).as("smallest subnormal").isEqualTo(0x0001);
    assertThat(half(2.9802322e-8f)).as("half the smallest subnormal: tie to even").isEqualTo(0x0000);
    assertThat(half(1e-10f)).isEqualTo(0x0000);
    assertThat(half(1.0009765625f)).isEqualTo(0x3c01);
    assertThat(half(1.00048828125f)).as("tie between 0x3c00 and 0x3c01").isEqualTo(0x3c00);
  }

  @Test
  void narrowsToBfloat16() {
    assertThat(HalfFloats.floatToBfloat16(1f) & 0xffff).isEqualTo(0x3f80);
    assertThat(HalfFloats.floatToBfloat16(0.1f) & 0xffff).isEqualTo(0x3dcd);
    assertThat(HalfFloats.floatToBfloat16(-3.5f) & 0xffff).isEqualTo(0xc060);
    assertThat(Float.isNaN(Float.intBitsToFloat((HalfFloats.floatToBfloat16(Float.NaN) & 0xffff) << 16))).isTrue();
  }

  private static int half(float f) {
    return HalfFloats.floatToHalf(f) & 0xffff;
  }
}
