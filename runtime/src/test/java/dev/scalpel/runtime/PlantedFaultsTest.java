package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliberately wrong rewrites of the reference models must all be caught, naming the outputs they
 * break (and only those); legitimate rewrites must all pass. Each fault is made with the IR API
 * from the original model, as a faulty pass would make it. Runs in the corpus profile.
 */
@Tag("corpus")
class PlantedFaultsTest {
  private static final String RESNET = "tv_resnet_tiny_op12_preserve_bn.onnx";
  private static final String BERT = "hf_bert_tiny_op14.onnx";
  private static final String RESHAPE = "seed_sample_reshape.onnx";

  @TempDir Path tmp;

  private static Model corpus(String file) throws IOException {
    return OnnxReader.read(CorpusModels.model(file));
  }

  private static EquivalenceReport check(Model original, Model rewritten) {
    return EquivalenceChecker.check(original, rewritten, CheckOptions.defaults());
  }

  private static void assertCaught(EquivalenceReport report, String... failingOutputs) {
    assertThat(report.passed()).as(report.toString()).isFalse();
    assertThat(report.failedOutputs()).as(report.toString())
        .extracting(OutputVerdict::name).containsExactlyInAnyOrder(failingOutputs);
  }

  /** Makes every reader of {@code old} other than {@code except} read {@code replacement}. */
  private static void rewire(Value old, Value replacement, Set<Node> except) {
    for (Usage u : new ArrayList<>(old.uses())) {
      if (!except.contains(u.node())) {
        u.node().replaceInput(u.inputIndex(), replacement);
      }
    }
  }

  private static Node append(Model m, String op, List<Value> inputs, Attribute... attributes) {
    return m.graph().append(new Node("", op, inputs, Arrays.asList((String) null), List.of(attributes)));
  }

  private static float[] floats(Model m, String initializer) {
    return TestModels.initializer(m, initializer).initializer().orElseThrow().toFloatArray();
  }

  private static void setFloats(Model m, String initializer, float[] values) {
    Value v = TestModels.initializer(m, initializer);
    long[] dims = v.initializer().orElseThrow().dims();
    v.setInitializer(DenseTensor.ofFloats(initializer, dims, values));
  }

  // ------------------------------------------------------------------ faults

  @Test
  void perturbedWeight() throws IOException {
    Model original = corpus(RESNET);
    Model faulty = original.deepCopy();
    float[] w = floats(faulty, "conv1.weight");
    w[0] += 0.5f;
    setFloats(faulty, "conv1.weight", w);
    assertCaught(check(original, faulty), "output0");
  }

  @Test
  void swappedOutputs() throws IOException {
    Model original = corpus("seed_example_two_head.onnx");
    Model faulty = original.deepCopy();
    Value a = faulty.graph().outputs().get(0);
    Value b = faulty.graph().outputs().get(1);
    String nameA = a.name();
    a.setName("swap_tmp");
    b.setName(nameA);
    a.setName("output1");
    assertCaught(check(original, faulty), "output0", "output1");
  }

  @Test
  void changedReshapeTarget() throws IOException {
    Model original = corpus(RESHAPE);
    Model faulty = original.deepCopy();
    Node reshape = TestModels.node(faulty, "/Reshape");
    reshape.replaceInput(1, faulty.graph().addInitializer("flat_shape", DenseTensor.vector("flat_shape", 1, -1)));
    assertCaught(check(original, faulty), "output0");
  }

  @Test
  void offByOneSliceEnd() throws IOException {
    Model original = corpus(RESHAPE);
    Model faulty = original.deepCopy();
    TestModels.node(faulty, "/Constant_2").setAttribute(Attribute.of("value", DenseTensor.vector("", 1)));
    assertCaught(check(original, faulty), "output0");
  }

  @Test
  void wrongCastTruncatesToIntegers() throws IOException {
    Model original = corpus(RESNET);
    Model faulty = original.deepCopy();
    Value conv = TestModels.node(faulty, "/conv1/Conv").output(0);
    Node toInt = append(faulty, "Cast", List.of(conv), Attribute.of("to", (long) DataType.INT32.code()));
    Node back = append(faulty, "Cast", List.of(toInt.output(0)), Attribute.of("to", (long) DataType.FLOAT.code()));
    rewire(conv, back.output(0), Set.of(toInt));
    assertCaught(check(original, faulty), "output0");
  }

  @Test
  void droppedRelu() throws IOException {
    Model original = corpus(RESNET);
    Model faulty = original.deepCopy();
    Node relu = TestModels.node(faulty, "/relu/Relu");
    rewire(relu.output(0), relu.input(0), Set.of());
    faulty.graph().remove(relu);
    assertCaught(check(original, faulty), "output0");
  }

  @Test
  void brokenDynamicBatchOnlyShowsAboveBatchOne() throws IOException {
    Model original = corpus(RESNET);
    Model faulty = original.deepCopy();
    // Every sample gets the batch mean: the identity at batch 1, wrong for any larger batch.
    Value x = TestModels.node(faulty, "/relu/Relu").output(0);
    Node mean = append(faulty, "ReduceMean", List.of(x), Attribute.ofInts("axes", 0), Attribute.of("keepdims", 1L));
    Node shape = append(faulty, "Shape", List.of(x));
    Node expand = append(faulty, "Expand", List.of(mean.output(0), shape.output(0)));
    rewire(x, expand.output(0), Set.of(mean, shape));
    dev.scalpel.graph.traverse.TopologicalOrder.sort(faulty.graph());

    assertCaught(check(original, faulty), "output0");
    EquivalenceReport atBatchOne = EquivalenceChecker.check(original, faulty, CheckOptions.defaults().withDim("batch", 1));
    assertThat(atBatchOne.passed()).as("the fault is invisible at batch 1: " + atBatchOne).isTrue();
  }

  @Test
  void changedBatchNormEpsilon() throws IOException {
    Model original = corpus(RESNET);
    Model faulty = original.deepCopy();
    TestModels.node(faulty, "/bn1/BatchNormalization").setAttribute(Attribute.of("epsilon", 0.1f));
    assertCaught(check(original, faulty), "output0");
  }

  @Test
  void scaledPoolerGemmBreaksOnlyThePoolerOutput() throws IOException {
    Model original = corpus(BERT);
    Model faulty = original.deepCopy();
    TestModels.node(faulty, "/m/pooler/dense/Gemm").setAttribute(Attribute.of("alpha", 1.01f));
    assertCaught(check(original, faulty), "pooler_output");
  }

  @Test
  void swappedSubtractionOperands() throws IOException {
    Model original = corpus(BERT);
    Model faulty = original.deepCopy();
    Node sub = TestModels.node(faulty, "/m/embeddings/LayerNorm/Sub");
    Value a = sub.input(0);
    Value b = sub.input(1);
    sub.setInputs(List.of(b, a));
    assertCaught(check(original, faulty), "last_hidden_state", "pooler_output");
  }

  @Test
  void softmaxOverTheWrongAxis() throws IOException {
    Model original = corpus(BERT);
    Model faulty = original.deepCopy();
    TestModels.node(faulty, "/m/encoder/layer.1/attention/self/Softmax").setAttribute(Attribute.of("axis", 1L));
    assertCaught(check(original, faulty), "last_hidden_state", "pooler_output");
  }

  @Test
  void changedResizeScaleChangesTheOutputShape() throws IOException {
    Model original = corpus("seed_srcnn_fixed_x3.onnx");
    Model faulty = original.deepCopy();
    TestModels.node(faulty, "/up/Constant").setAttribute(
        Attribute.of("value", DenseTensor.ofFloats("", new long[] {4}, 1f, 1f, 2f, 2f)));
    EquivalenceReport report = check(original, faulty);
    assertCaught(report, "output");
    RunOutcome worst = report.output("output").orElseThrow().worst();
    assertThat(worst).isInstanceOfSatisfying(RunOutcome.Compared.class, c -> assertThat(c.diff().shapesMatch()).isFalse());
  }

  // ------------------------------------------------------------------ legitimate rewrites

  @Test
  void identicalModelsPass() throws IOException {
    Model original = corpus(BERT);
    assertThat(check(original, original.deepCopy()).passed()).isTrue();
  }

  @Test
  void batchNormFoldedIntoConvPasses() throws IOException {
    Model original = corpus("seed_sample_cbr_preserved.onnx");
    Model folded = original.deepCopy();
    Node bn = TestModels.node(folded, "/bn1/BatchNormalization");
    Node conv = TestModels.node(folded, "/conv1/Conv");
    double eps = bn.floatAttribute("epsilon", 1e-5f);
    float[] gamma = floats(folded, "bn1.weight");
    float[] beta = floats(folded, "bn1.bias");
    float[] mean = floats(folded, "bn1.running_mean");
    float[] var = floats(folded, "bn1.running_var");
    float[] w = floats(folded, "conv1.weight");
    float[] b = floats(folded, "conv1.bias");
    int perChannel = w.length / gamma.length;
    for (int c = 0; c < gamma.length; c++) {
      double scale = gamma[c] / Math.sqrt(var[c] + eps);
      for (int k = 0; k < perChannel; k++) {
        w[c * perChannel + k] = (float) (w[c * perChannel + k] * scale);
      }
      b[c] = (float) ((b[c] - mean[c]) * scale + beta[c]);
    }
    setFloats(folded, "conv1.weight", w);
    setFloats(folded, "conv1.bias", b);
    rewire(bn.output(0), conv.output(0), Set.of());
    folded.graph().remove(bn);
    assertThat(folded.graph().nodeCount()).isEqualTo(2);
    EquivalenceReport report = check(original, folded);
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  @Test
  void equivalentSliceEndPasses() throws IOException {
    // Flattening (H, W) or keeping them apart does not change a global average pool.
    Model original = corpus(RESHAPE);
    Model rewritten = original.deepCopy();
    TestModels.node(rewritten, "/Constant_2").setAttribute(Attribute.of("value", DenseTensor.vector("", 3)));
    EquivalenceReport report = check(original, rewritten);
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  @Test
  void identityInsertedBeforeAnOutputPasses() throws IOException {
    Model original = corpus(RESNET);
    Model rewritten = original.deepCopy();
    Value relu = TestModels.node(rewritten, "/relu/Relu").output(0);
    Node identity = append(rewritten, "Identity", List.of(relu));
    rewire(relu, identity.output(0), Set.of(identity));
    dev.scalpel.graph.traverse.TopologicalOrder.sort(rewritten.graph());
    assertThat(check(original, rewritten).passed()).isTrue();
  }

  @Test
  void modelMovedToExternalDataPasses() throws IOException {
    Model original = corpus(RESNET);
    Path file = tmp.resolve("resnet.onnx");
    OnnxWriter.write(original, file, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));
    EquivalenceReport report = EquivalenceChecker.check(
        ModelSource.of(original), ModelSource.read(file), CheckOptions.defaults());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

}
