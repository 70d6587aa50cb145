package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Detection, signal, random, text and image rules. */
class MiscRulesTest {

  @Test
  void nonMaxSuppressionCountsAreFreshSymbols() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value boxes = g.floats("boxes", 1, "n", 4);
    Value scores = g.floats("scores", 1, 1, "n");
    Value first = g.node("NonMaxSuppression", List.of(boxes, scores));
    Value second = g.node("NonMaxSuppression", List.of(boxes, scores));
    g.infer(11);
    assertThat(first.type()).hasToString("int64[nms_selected,3]");
    assertThat(second.type()).hasToString("int64[nms_selected_0,3]");
  }

  @Test
  void dftByVersion() {
    InferenceTestGraph g17 = new InferenceTestGraph();
    Value onesided = g17.node("DFT", List.of(g17.floats("x", "b", "n", 1)), Attribute.of("onesided", 1L));
    g17.infer(17);
    assertThat(onesided.type()).hasToString("float[b,floor(n/2)+1,2]");

    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.floats("x", "b", 16, 8, 2);
    Value defaultAxis = g.node("DFT", List.of(x));
    Value withLength = g.node("DFT", List.of(x, g.scalar("len", 10), g.scalar("axis", 1)));
    g.infer(20);
    assertThat(defaultAxis.type()).hasToString("float[b,16,8,2]");
    assertThat(withLength.type()).hasToString("float[b,10,8,2]");
  }

  /** The shapes of onnx's test_dft_rfft / test_dft_irfft cases (numpy rfft and irfft with n=10). */
  @Test
  void dftOneSidedForwardAndInverse() {
    InferenceTestGraph g17 = new InferenceTestGraph();
    Value rfft = g17.node("DFT", List.of(g17.floats("x", 1, 10, 10, 1)), Attribute.of("onesided", 1L));
    Value irfft = g17.node("DFT", List.of(g17.floats("spectrum", 1, 6, 10, 2)), Attribute.of("onesided", 1L),
        Attribute.of("inverse", 1L));
    Value irfftSymbolic = g17.node("DFT", List.of(g17.floats("s", "b", "bins", 2)), Attribute.of("onesided", 1L),
        Attribute.of("inverse", 1L));
    Value irfftOdd = g17.node("DFT", List.of(g17.floats("t", 1, 6, 2), g17.scalar("len", 11)),
        Attribute.of("onesided", 1L), Attribute.of("inverse", 1L));
    g17.infer(17);
    assertThat(rfft.type()).hasToString("float[1,6,10,2]");
    assertThat(irfft.type()).hasToString("float[1,10,10,1]");
    assertThat(irfftSymbolic.type()).hasToString("float[b,2*bins-2,1]");
    assertThat(irfftOdd.type()).hasToString("float[1,11,1]");

    InferenceTestGraph g20 = new InferenceTestGraph();
    Value irfft20 = g20.node("DFT", java.util.Arrays.asList(g20.floats("spectrum", 1, 6, 10, 2), null,
        g20.scalar("axis", 1)), Attribute.of("onesided", 1L), Attribute.of("inverse", 1L));
    g20.infer(20);
    assertThat(irfft20.type()).hasToString("float[1,10,10,1]");
  }

  @Test
  void stftFramesAndBins() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value y = g.node("STFT", Arrays.asList(g.floats("s", 1, "len", 1), g.scalar("step", 8), null, g.scalar("fl", 16)));
    g.infer(17);
    assertThat(y.type()).hasToString("float[1,floor(len/8)-1,9,2]");
  }

  @Test
  void windowsAndMelMatrix() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value hann = g.node("HannWindow", List.of(g.scalar("n", 10)), Attribute.of("output_datatype", 11L));
    Value runtime = g.node("BlackmanWindow", List.of(g.input("m", DataType.INT64)));
    Value mel = g.node("MelWeightMatrix", List.of(g.scalar("bins", 8), g.scalar("dft", 16), g.scalar("rate", 8000),
        g.floats("lo"), g.floats("hi")));
    g.infer(17);
    assertThat(hann.type()).hasToString("double[10]");
    assertThat(runtime.type()).hasToString("float[window_size]");
    assertThat(mel.type()).hasToString("float[9,8]");
  }

  @Test
  void randomGenerators() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value x = g.input("x", DataType.FLOAT16, "b", 3);
    Value normal = g.node("RandomNormal", List.of(), Attribute.ofInts("shape", 2, 5), Attribute.of("dtype", 11L));
    Value like = g.node("RandomUniformLike", List.of(x));
    Value bernoulli = g.node("Bernoulli", List.of(x), Attribute.of("dtype", 9L));
    Value multinomial = g.node("Multinomial", List.of(g.floats("p", "b", 10)), Attribute.of("sample_size", 4L));
    g.infer(22);
    assertThat(normal.type()).hasToString("double[2,5]");
    assertThat(like.type()).hasToString("float16[b,3]");
    assertThat(bernoulli.type()).hasToString("bool[b,3]");
    assertThat(multinomial.type()).hasToString("int32[b,4]");
  }

  @Test
  void stringSplitOfAConstantCountsTheLongestSplit() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value words = g.constant("w", dev.scalpel.graph.tensor.DenseTensor.ofStrings("w", new long[] {3},
        List.of(utf8("a,b,,c"), utf8(""), utf8("x"))));
    Value spaced = g.constant("s", dev.scalpel.graph.tensor.DenseTensor.ofStrings("s", new long[] {2},
        List.of(utf8("  one two\tthree "), utf8("four"))));
    // "a,b,,c".split(",") is 4 pieces; at most maxsplit + 1 = 3 with maxsplit 2.
    List<Value> onComma = g.node("StringSplit", 2, List.of(words), Attribute.of("delimiter", ","));
    List<Value> limited = g.node("StringSplit", 2, List.of(words), Attribute.of("delimiter", ","),
        Attribute.of("maxsplit", 2L));
    // "  one two\tthree ".split() is 3 pieces.
    List<Value> onSpace = g.node("StringSplit", 2, List.of(spaced));
    g.infer(20);
    assertThat(onComma.get(0).type()).hasToString("string[3,4]");
    assertThat(limited.get(0).type()).hasToString("string[3,3]");
    assertThat(onSpace.get(0).type()).hasToString("string[2,3]");
  }

  @Test
  void stringSplitOnWhitespaceBeyondAsciiIsNotCounted() {
    InferenceTestGraph g = new InferenceTestGraph();
    // U+00A0 (no-break space) is whitespace to Python's str.split, not to Java's Character.isWhitespace.
    Value words = g.constant("w", dev.scalpel.graph.tensor.DenseTensor.ofStrings("w", new long[] {1},
        List.of(utf8("a\u00a0b"))));
    List<Value> split = g.node("StringSplit", 2, List.of(words));
    g.infer(20);
    assertThat(split.get(0).type()).hasToString("string[1,split_count]");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void textAndImageOperators() {
    InferenceTestGraph g = new InferenceTestGraph();
    Value words = g.input("w", DataType.STRING, 1, "c");
    Value normalized = g.node("StringNormalizer", List.of(words), Attribute.ofStrings("stopwords", List.of("a")));
    Value lowered = g.node("StringNormalizer", List.of(words), Attribute.of("case_change_action", "LOWER"));
    Value match = g.node("RegexFullMatch", List.of(words), Attribute.of("pattern", "x+"));
    List<Value> split = g.node("StringSplit", 2, List.of(words));
    Value concat = g.node("StringConcat", List.of(words, g.input("suffix", DataType.STRING)));
    Value tfidf = g.node("TfIdfVectorizer", List.of(g.input("ids", DataType.INT64, "n", 12)),
        Attribute.ofInts("ngram_indexes", 0, 1, 2, 6), Attribute.of("mode", "TF"));
    Value image = g.node("ImageDecoder", List.of(g.input("bytes", DataType.UINT8, "len")),
        Attribute.of("pixel_format", "Grayscale"));
    g.infer(20);
    assertThat(normalized.type()).hasToString("string[1,normalized_words]");
    assertThat(lowered.type()).hasToString("string[1,c]");
    assertThat(match.type()).hasToString("bool[1,c]");
    assertThat(split.get(0).type()).hasToString("string[1,c,split_count]");
    assertThat(split.get(1).type()).hasToString("int64[1,c]");
    assertThat(concat.type()).hasToString("string[1,c]");
    assertThat(tfidf.type()).hasToString("float[n,7]");
    assertThat(image.type()).hasToString("uint8[image_height,image_width,1]");
  }
}
