package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StringNormalizer: stopwords counted out of a constant input, a fresh symbol otherwise. */
class TextRulesTest {
  private static Value words(Fixture f, long[] dims, String... words) {
    List<byte[]> bytes = new ArrayList<>();
    for (String w : words) {
      bytes.add(w.getBytes(StandardCharsets.UTF_8));
    }
    return f.g.constant(DenseTensor.ofStrings("words", dims, bytes));
  }

  private static Attribute stopwords(String... words) {
    return Attribute.ofStrings("stopwords", List.of(words));
  }

  @Test
  void stopwordsOfAConstantInputAreCountedIgnoringCaseByDefault() {
    Fixture f = new Fixture(10);
    Value y = f.op("StringNormalizer", list(words(f, new long[] {4}, "Monday", "tuesday", "monday", "Friday")),
        stopwords("monday"));
    Value z = f.op("StringNormalizer", list(words(f, new long[] {1, 4}, "Monday", "tuesday", "monday", "Friday")),
        stopwords("monday"), attr("is_case_sensitive", 1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(2));
    assertThat(shapeOf(z)).isEqualTo(shape(1, 3));
  }

  @Test
  void anEmptyResultIsOneEmptyString() {
    Fixture f = new Fixture(10);
    Value y = f.op("StringNormalizer", list(words(f, new long[] {2}, "monday", "MONDAY")), stopwords("monday"));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1));
  }

  @Test
  void aRuntimeInputOrCaseFoldingBeyondAsciiGivesAFreshSymbol() {
    Fixture f = new Fixture(10);
    Value y = f.op("StringNormalizer", list(f.input("x", DataType.STRING, 1, "n")), stopwords("a"));
    Value z = f.op("StringNormalizer", list(words(f, new long[] {2}, "Straße", "b")), stopwords("STRASSE"));
    f.infer();
    assertThat(shapeOf(y).dim(0)).isEqualTo(Dim.of(1));
    assertThat(shapeOf(y).dim(1)).isInstanceOf(Dim.Symbolic.class);
    assertThat(shapeOf(z).dim(0)).isInstanceOf(Dim.Symbolic.class);
  }
}
