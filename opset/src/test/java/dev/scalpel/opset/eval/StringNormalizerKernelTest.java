package dev.scalpel.opset.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StringNormalizer on word lists worked out by hand. */
class StringNormalizerKernelTest {
  private static Tensor words(long[] dims, String... w) {
    List<byte[]> b = new ArrayList<>();
    for (String s : w) {
      b.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return DenseTensor.ofStrings("", dims, b);
  }

  private static List<String> text(Tensor t) {
    return t.strings().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void stopwordsAreDroppedCaseInsensitivelyByDefaultThenTheRestIsUppercased() {
    Tensor y = KernelFixture.op("StringNormalizer", 10, words(new long[] {1, 4}, "Monday", "tuesday", "monday", "x"))
        .attr(Attribute.ofStrings("stopwords", List.of("MONDAY")))
        .attr(Attribute.of("case_change_action", "UPPER")).single();
    assertThat(y.dims()).containsExactly(1, 2);
    assertThat(text(y)).containsExactly("TUESDAY", "X");
  }

  @Test
  void caseSensitiveMatchingKeepsOtherCasings() {
    Tensor y = KernelFixture.op("StringNormalizer", 10, words(new long[] {3}, "Monday", "monday", "b"))
        .attr(Attribute.ofStrings("stopwords", List.of("monday")))
        .attr(Attribute.of("is_case_sensitive", 1L)).single();
    assertThat(text(y)).containsExactly("Monday", "b");
  }

  @Test
  void droppingEverythingLeavesOneEmptyString() {
    Tensor y = KernelFixture.op("StringNormalizer", 10, words(new long[] {2}, "a", "A"))
        .attr(Attribute.ofStrings("stopwords", List.of("a"))).single();
    assertThat(y.dims()).containsExactly(1);
    assertThat(text(y)).containsExactly("");
  }

  @Test
  void textBeyondAsciiIsRefused() {
    assertThatThrownBy(() -> KernelFixture.op("StringNormalizer", 10, words(new long[] {1}, "stra\u00dfe"))
        .attr(Attribute.of("case_change_action", "UPPER")).single()).isInstanceOf(EvaluationException.class);
  }
}
