package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** String results of StringConcat and StringSplit on constants are bounded by their inputs' text. */
class StringRegionForecastTest {
  private static Model model(String op, String text) {
    GraphBuilder b = GraphBuilder.create(20);
    byte[] s = text.getBytes(StandardCharsets.UTF_8);
    Value x = b.initializer("x", DenseTensor.ofStrings("x", new long[] {2}, List.of(s, s)));
    Value y = op.equals("StringConcat") ? b.op(op, x, x) : b.op(op, x);
    b.output(y);
    return b.model();
  }

  @Test
  void concatOfShortConstantsIsSizedAndLongOnesAreOverTheLimit() {
    // 2 elements of at most 2 + 2 bytes, each counted 32 bytes more: 72
    assertThat(RegionForecast.refusal(model("StringConcat", "ab"), 72)).isNull();
    assertThat(RegionForecast.refusal(model("StringConcat", "ab"), 71)).contains("over the limit");
  }

  @Test
  void splitIsBoundedByItsInputText() {
    // 6 bytes of text (2 x "a b"), 2 elements of at most 3 + 1 pieces, each counted 32 bytes: 6 + 8 * 32 = 262
    assertThat(RegionForecast.refusal(model("StringSplit", "a b"), 262)).isNull();
    assertThat(RegionForecast.refusal(model("StringSplit", "a b"), 261)).contains("over the limit");
  }
}
