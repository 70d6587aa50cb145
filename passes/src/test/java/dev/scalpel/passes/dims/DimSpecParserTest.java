package dev.scalpel.passes.dims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Dim;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DimSpecParserTest {
  @Test
  void shapesTakeSizesSymbolsAndUnknowns() {
    assertThat(DimSpecParser.shape("input0=1x3x224x224"))
        .isEqualTo(new InputShape("input0", List.of(Dim.of(1), Dim.of(3), Dim.of(224), Dim.of(224))));
    assertThat(DimSpecParser.shape("x=batch x 3 x ? x ?").dims())
        .containsExactly(Dim.of("batch"), Dim.of(3), Dim.unknown(), Dim.unknown());
    // NOTE: with commas, a symbol may contain an x.
    assertThat(DimSpecParser.shape("x=max_len,3").dims()).containsExactly(Dim.of("max_len"), Dim.of(3));
  }

  @Test
  void theInputNameIsEverythingBeforeTheLastSeparator() {
    assertThat(DimSpecParser.shape("a=b:c=2x3").input()).isEqualTo("a=b:c");
    assertThat(DimSpecParser.dimChange("enc:in:0=batch")).isEqualTo(new DimChange("enc:in", 0, Dim.of("batch")));
    assertThat(DimSpecParser.dimChange("x:-1=?")).isEqualTo(new DimChange("x", -1, Dim.unknown()));
    assertThat(DimSpecParser.dimChange("x:1=7")).isEqualTo(new DimChange("x", 1, Dim.of(7)));
  }

  @Test
  void renamesAreTwoSymbols() {
    assertThat(DimSpecParser.rename("N=batch")).isEqualTo(Map.entry("N", "batch"));
    assertThatThrownBy(() -> DimSpecParser.rename("N=3")).isInstanceOf(DimSpecException.class).hasMessageContaining("'3'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "=1x2", "x=", "x=1x", "x=1x-2", "x=1x2.5", "x=1x2!", "x=1,,2", "x=0x3", "x=2,0"})
  void badShapesSayWhatIsWrong(String text) {
    assertThatThrownBy(() -> DimSpecParser.shape(text)).isInstanceOf(DimSpecException.class)
        .hasMessageContaining("'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x=batch", ":0=batch", "x:=batch", "x:0=", "x:zero=batch", "x:0=-1", "x:0=0"})
  void badDimsSayWhatIsWrong(String text) {
    assertThatThrownBy(() -> DimSpecParser.dimChange(text)).isInstanceOf(DimSpecException.class);
  }
}
