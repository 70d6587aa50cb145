package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteCountTest {
  @Test
  void parsesPlainAndSuffixedCounts() {
    assertThat(ByteCount.parse("4096")).isEqualTo(4096);
    assertThat(ByteCount.parse("0")).isZero();
    assertThat(ByteCount.parse("512b")).isEqualTo(512);
    assertThat(ByteCount.parse("64k")).isEqualTo(64 << 10);
    assertThat(ByteCount.parse("64KiB")).isEqualTo(64 << 10);
    assertThat(ByteCount.parse("1M")).isEqualTo(1 << 20);
    assertThat(ByteCount.parse("2 GB")).isEqualTo(2L << 30);
    assertThat(ByteCount.parse("1t")).isEqualTo(1L << 40);
  }

  @Test
  void rejectsNonsense() {
    for (String s : new String[] {"", "-1", "k", "1.5M", "lots", "99999999999999999999", "9000000000000t"}) {
      assertThatThrownBy(() -> ByteCount.parse(s)).as(s).isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  void formatsInBinaryUnits() {
    assertThat(ByteCount.format(0)).isEqualTo("0 B");
    assertThat(ByteCount.format(1023)).isEqualTo("1023 B");
    assertThat(ByteCount.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteCount.format(20004)).isEqualTo("19.5 KiB");
    assertThat(ByteCount.format(3L << 30)).isEqualTo("3.0 GiB");
  }
}
