package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import dev.scalpel.runtime.OrtRunner;
import dev.scalpel.runtime.TensorComparator;
import dev.scalpel.runtime.TensorDiff;
import dev.scalpel.runtime.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Folding one ONNX backend node test: the inputs of test_data_set_0 become initializers,
 * {@link FoldConstants} runs, and each graph output must have become a constant equal to the
 * expected output (integers, bools and strings exactly; floats within a tight tolerance, NaN only
 * where NaN is expected). A test that does not fold lands in a named {@link Outcome}. Shared by
 * the fold conformance test and the conformance table.
 */
final class NodeTestFolding {
  private NodeTestFolding() {}

  /** Why a test ends where it does. Every value but the last three is an accepted outcome. */
  enum Outcome {
    PASS("folded, equal to the expected output"),
    NON_TENSOR("sequence, optional or map values: an initializer can only hold a tensor"),
    RANDOM("random ops (and Dropout in training mode) are never folded"),
    TRAINING("ai.onnx.preview.training ops: custom domains are never folded"),
    ML_DOMAIN("custom and preview domains (not ai.onnx.ml) are never folded"),
    SUBGRAPH("Loop/Scan (ops with a body) are not evaluated by folding"),
    REFUSED_BY_DESIGN("number-to-string cast (the text is implementation-defined), MaxPool's Indices without"
        + " ONNX Runtime, or a value the spec does not define one way"),
    NO_KERNEL("an op without a Java kernel (Java-only run)"),
    BUDGET("an output over the growth budget"),
    RUNTIME_REFUSED("ONNX Runtime could not evaluate the region, or folding refused to ask it"),
    KERNEL_REFUSED("a Java kernel refused an element type it lacks, and ONNX Runtime was not asked"),
    RUNTIME_DIFFERS("folded by ONNX Runtime to what ONNX Runtime computes for the original model,"
        + " which is not the reference output (float32 where the reference used float64, or ORT's"
        + " own reading of the op)"),
    REFERENCE_OFF_SPEC("folded to the spec's value where the expected output is not it (the window"
        + " tests' references use pi = 3.1415; checked by WindowTestReference)"),
    REFERENCE_FOUR_DECIMALS("folded to within 1e-4 of an expected output that ONNX wrote to four decimals,"
        + " which no exact evaluation matches within 1e-5 (checked by FourDecimalReference)"),
    WRONG("folded to a different value"),
    CRASH("the pass threw"),
    UNEXPLAINED("an output was not folded, for no named reason");

    final String why;

    Outcome(String why) {
      this.why = why;
    }
  }

  private static final Set<String> NUMBER_TO_STRING = Set.of(
      "test_cast_FLOAT_to_STRING", "test_castlike_FLOAT_to_STRING", "test_castlike_FLOAT_to_STRING_expanded");
  /**
   * MaxPool tests reading the Indices output, which the Java kernel leaves to ONNX Runtime: which of
   * equal maxima it names is not in the spec.
   */
  private static final Set<String> MAXPOOL_INDICES = Set.of(
      "test_maxpool_with_argmax_2d_precomputed_pads", "test_maxpool_with_argmax_2d_precomputed_strides");
  private static final Set<String> SEQUENCE_OPS = Set.of("SequenceConstruct", "SequenceEmpty", "SequenceInsert",
      "SequenceAt", "SequenceErase", "SequenceLength", "SequenceMap", "SplitToSequence", "ConcatFromSequence",
      "Optional", "OptionalHasElement", "OptionalGetElement");
  private static final Set<String> RANDOM_OPS = Set.of("RandomNormal", "RandomNormalLike", "RandomUniform",
      "RandomUniformLike", "Bernoulli", "Multinomial");

  private static final Kernels KERNELS = Kernels.standard();

  /**
   * What folding one test gave.
   *
   * @param allOpsHaveKernels every node is a default-domain op with a Java kernel
   * @param beyondNoise for a fold that differs from the expected output: whether it differs beyond
   *     float noise ({@link #NOISE}), not only beyond the tight tolerance
   */
  record Result(String test, boolean allOpsHaveKernels, Outcome outcome, String detail, boolean beyondNoise) {
    Result(String test, boolean allOpsHaveKernels, Outcome outcome, String detail) {
      this(test, allOpsHaveKernels, outcome, detail, false);
    }

    /** Whether an output was folded to a value other than the expected one. */
    boolean foldedWrong() {
      return outcome == Outcome.WRONG || outcome == Outcome.RUNTIME_DIFFERS;
    }
  }

  static Result run(Path test, FoldConstants.Options options) throws IOException {
    String name = test.getFileName().toString();
    Model model = OnnxReader.read(test.resolve("model.onnx"));
    Outcome before = classifyModel(model);
    boolean kernelsOnly = before == null && allOpsHaveKernels(model);
    if (before != null) {
      return new Result(name, kernelsOnly, before, "");
    }
    feedAsInitializers(model, test);
    PassContext context = new PassContext();
    try {
      new FoldConstants(options).run(model, context);
    } catch (RuntimeException e) {
      return new Result(name, kernelsOnly, Outcome.CRASH, e.toString());
    }
    List<Value> outputs = model.graph().outputs();
    for (int i = 0; i < outputs.size(); i++) {
      Value out = outputs.get(i);
      Optional<Tensor> folded = constant(out, model);
      if (folded.isEmpty()) {
        Outcome why = classifyMiss(name, model, context, options.fallback() == null);
        return new Result(name, kernelsOnly, why, "output '" + out.name() + "' not folded; left "
            + model.graph().nodes().stream().map(Node::opType).toList() + "; " + context.diagnostics());
      }
      Tensor expected = expectedOutput(test, i, out);
      String diff = difference(folded.get(), expected, TIGHT);
      if (diff != null && WindowTestReference.offSpecReferenceOnly(name, folded.get(), expected,
          (a, b) -> difference(a, b, TIGHT) == null)) {
        return new Result(name, kernelsOnly, Outcome.REFERENCE_OFF_SPEC, "output " + i + ": " + diff);
      }
      if (diff != null && FourDecimalReference.agrees(name, folded.get(), expected)) {
        return new Result(name, kernelsOnly, Outcome.REFERENCE_FOUR_DECIMALS, "output " + i + ": " + diff);
      }
      if (diff != null) {
        // NOTE: a fold through the fallback is right when it equals what ONNX Runtime computes for
        // the original model, even where that is not the reference output.
        Tensor runtime = options.fallback() != null && !kernelsOnly ? ortOutput(test, out.name()) : null;
        boolean sameAsRuntime = runtime != null && difference(folded.get(), runtime, TIGHT) == null;
        return new Result(name, kernelsOnly, sameAsRuntime ? Outcome.RUNTIME_DIFFERS : Outcome.WRONG,
            "output " + i + ": " + diff, difference(folded.get(), expected, NOISE) != null);
      }
    }
    return new Result(name, kernelsOnly, Outcome.PASS, "");
  }

  /**
   * The data of a graph output that folding made constant: an initializer, or the output of a
   * Constant node (folding leaves Constant nodes as they are; test_constant is one).
   */
  private static Optional<Tensor> constant(Value out, Model model) {
    Optional<Tensor> t = out.constantValue();
    Node p = out.producer();
    if (t.isPresent() || p == null || !p.opType().equals("Constant") || !p.isDefaultDomain()) {
      return t;
    }
    long opset = model.opsetImports().defaultVersion().orElse(-1);
    return KERNELS.lookup(OpId.of(p), opset)
        .map(k -> k.evaluate(EvalContext.of(p, List.of(), opset, EvalContext.UNLIMITED)).get(0));
  }

  /** What ONNX Runtime computes for output {@code name} of the unchanged test model on its inputs. */
  private static Tensor ortOutput(Path test, String name) throws IOException {
    Model original = OnnxReader.read(test.resolve("model.onnx"));
    List<Value> fed = original.graph().inputs().stream().filter(v -> v.initializer().isEmpty()).toList();
    Map<String, Tensor> feeds = new java.util.HashMap<>();
    for (int i = 0; i < fed.size(); i++) {
      Path pb = test.resolve("test_data_set_0").resolve("input_" + i + ".pb");
      feeds.put(fed.get(i).name(), asDeclared(TensorReader.read(pb), fed.get(i)));
    }
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(original), ModelRole.ORIGINAL)) {
      return runner.run(feeds).outputs().get(name);
    }
  }

  /** The categories that show in the model before folding, or null. */
  private static Outcome classifyModel(Model model) {
    boolean nonTensor = Stream.concat(model.graph().inputs().stream(), model.graph().outputs().stream())
        .anyMatch(v -> !(v.type() instanceof ValueType.TensorType));
    if (nonTensor) {
      return Outcome.NON_TENSOR;
    }
    for (Node n : model.graph().allNodes()) {
      if (n.domain().equals("ai.onnx.preview.training")) {
        return Outcome.TRAINING;
      }

    }
    return null;
  }

  /** Why an output was left unfolded, from what is left in the graph and the pass's diagnostics. */
  private static Outcome classifyMiss(String name, Model model, PassContext context, boolean javaOnly) {
    if (NUMBER_TO_STRING.contains(name) || MAXPOOL_INDICES.contains(name)) {
      return Outcome.REFUSED_BY_DESIGN;
    }
    // NOTE: a kernel that refuses a value the spec does not define one way (NaN to float4e2m1: its
    // table says 6, ONNX's reference gives -0) names that in its diagnostic; picking either is a guess.
    if (context.diagnostics().stream().anyMatch(d -> d.startsWith("not folded ") && d.contains(" is undefined ("))) {
      return Outcome.REFUSED_BY_DESIGN;
    }
    List<Node> left = model.graph().nodes();
    if (left.stream().anyMatch(n -> RANDOM_OPS.contains(n.opType())
        || (n.opType().equals("Dropout") && n.inputs().size() > 2 && n.input(2) != null))) {
      return Outcome.RANDOM;
    }
    if (left.stream().anyMatch(n -> SEQUENCE_OPS.contains(n.opType()))) {
      return Outcome.NON_TENSOR;
    }
    if (left.stream().anyMatch(n -> !n.subgraphs().isEmpty())) {
      return Outcome.SUBGRAPH;
    }
    if (context.diagnostics().stream().anyMatch(d -> d.contains("beyond the limit"))) {
      return Outcome.BUDGET;
    }
    if (javaOnly && !allOpsHaveKernels(model)) {
      return Outcome.NO_KERNEL;
    }
    if (!javaOnly && context.diagnostics().stream().anyMatch(d -> d.startsWith("not folded a region"))) {
      return Outcome.RUNTIME_REFUSED;
    }
    if (context.diagnostics().stream().anyMatch(d -> d.startsWith("not folded ") && d.contains(" is not supported"))) {
      return Outcome.KERNEL_REFUSED;
    }
    if (left.stream().anyMatch(n -> !n.isDefaultDomain() && !n.domain().equals("ai.onnx.ml"))) {
      return Outcome.ML_DOMAIN;
    }
    return Outcome.UNEXPLAINED;
  }

  /** Whether every node (no subgraphs) is a default-domain op with a Java kernel at the model's opset. */
  private static boolean allOpsHaveKernels(Model model) {
    long opset = model.opsetImports().defaultVersion().orElse(-1);
    for (Node n : model.graph().allNodes()) {
      if (!n.isDefaultDomain() || !n.subgraphs().isEmpty() || KERNELS.lookup(OpId.of(n), opset).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * How an output is compared with the expected one: floats of 16 bits or more within the
   * tolerance of their width; every other type exactly, by value (NaN equals NaN, -0 equals 0, the
   * padding bits of packed types ignored) or, with {@code otherTypesBitForBit}, bit for bit.
   * Strings compare exactly either way.
   */
  record Comparison(Tolerance float32And64, Tolerance float16, Tolerance bfloat16, boolean otherTypesBitForBit) {
    /** The tolerance of {@code type}; null for a type compared bit for bit. */
    Tolerance of(DataType type) {
      return switch (type) {
        case FLOAT, DOUBLE -> float32And64;
        case FLOAT16 -> float16;
        case BFLOAT16 -> bfloat16;
        default -> otherTypesBitForBit ? null : Tolerance.EXACT;
      };
    }
  }

  /** The tight tolerances (everything but 16-bit-or-wider floats exact by value). */
  static final Comparison TIGHT = new Comparison(new Tolerance(1e-6, 1e-5), new Tolerance(1e-3, 1e-3),
      new Tolerance(1e-2, 1e-2), false);

  /**
   * Float noise: what float32 arithmetic (ONNX Runtime's, where the reference computed in float64)
   * or another summation order may leave, per width as {@link #TIGHT}.
   */
  static final Comparison NOISE = new Comparison(new Tolerance(1e-4, 1e-3), new Tolerance(1e-2, 1e-2),
      new Tolerance(5e-2, 5e-2), false);

  /**
   * Makes the inputs of test_data_set_0 initializers of {@code model}, the test's model (read as
   * the graph declares them: {@link #asDeclared}).
   */
  static void feedAsInitializers(Model model, Path test) throws IOException {
    Path data = test.resolve("test_data_set_0");
    List<Value> fed = model.graph().inputs().stream().filter(v -> v.initializer().isEmpty()).toList();
    for (int i = 0; i < fed.size(); i++) {
      Value v = fed.get(i);
      model.graph().addInitializer(v, asDeclared(TensorReader.read(data.resolve("input_" + i + ".pb")), v));
      model.graph().removeInput(v);
    }
  }

  /** The expected value of graph output {@code i} ({@code out}) in test_data_set_0. */
  static Tensor expectedOutput(Path test, int i, Value out) throws IOException {
    return asDeclared(TensorReader.read(test.resolve("test_data_set_0").resolve("output_" + i + ".pb")), out);
  }

  /** Null when {@code actual} equals {@code expected} as {@code comparison} says, else what differs. */
  static String difference(Tensor actualTensor, Tensor expectedTensor, Comparison comparison) {
    Tensor actual = rebased(actualTensor);
    Tensor expected = rebased(expectedTensor);
    if (actual.dataType() != expected.dataType()) {
      return "type " + actual.dataType() + ", expected " + expected.dataType();
    }
    if (!Arrays.equals(actual.dims(), expected.dims())) {
      return "dims " + Arrays.toString(actual.dims()) + ", expected " + Arrays.toString(expected.dims());
    }
    DataType type = expected.dataType();
    if (type == DataType.STRING) {
      List<byte[]> a = actual.strings();
      List<byte[]> e = expected.strings();
      for (int i = 0; i < e.size(); i++) {
        if (!Arrays.equals(a.get(i), e.get(i))) {
          return "string " + i + " differs";
        }
      }
      return null;
    }
    Tolerance tolerance = comparison.of(type);
    if (tolerance == null) {
      return actual.data().equals(expected.data()) ? null
          : "bytes differ (" + type + "): " + hex(actual) + " vs expected " + hex(expected);
    }
    TensorDiff diff;
    try {
      diff = TensorComparator.compare(expected, actual, tolerance);
    } catch (UnsupportedOperationException e) {
      // NOTE: complex types and others without an element reader: compared bit for bit.
      return actual.data().equals(expected.data()) ? null : "bytes differ (" + type + ")";
    }
    return diff.passed() ? null : diff.summary();
  }

  private static String hex(Tensor t) {
    StringBuilder sb = new StringBuilder();
    var b = t.data();
    for (int i = b.position(); i < b.limit(); i++) {
      sb.append(String.format(Locale.ROOT, "%02x", b.get(i) & 0xff));
    }
    return sb.toString();
  }

  /**
   * NOTE: a tensor read from a file may view its bytes at a non-zero buffer position, which the
   * element-wise comparator does not expect; a view starting at zero is handed to it instead.
   */
  private static Tensor rebased(Tensor t) {
    return t.dataType() == DataType.STRING ? t : DenseTensor.wrap(t.name(), t.dataType(), t.dims(), t.data().slice());
  }

  /**
   * NOTE: ONNX's generator stored bfloat16 test data as uint16 tensors (same bits, wrong label);
   * the graph declares the real type, so the bytes are read as the declared type when the widths
   * agree, as a runtime fed by the declared signature would read them.
   */
  static Tensor asDeclared(Tensor t, Value v) {
    if (v.type() instanceof ValueType.TensorType tt && tt.elementType() != t.dataType()
        && tt.elementType().bitWidth() == t.dataType().bitWidth() && t.dataType() != DataType.STRING) {
      return DenseTensor.wrap(t.name(), tt.elementType(), t.dims(), t.data());
    }
    return t;
  }
}
