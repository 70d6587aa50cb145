package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.runtime.OrtEmptyTensorUses.Side;
import dev.scalpel.testdata.ChildClassPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vets {@link OrtEmptyTensorUses}: models that give ONNX Runtime each listed use, for each of its
 * element types, on several empty shapes and attribute choices, are folded first in a JVM of its
 * own ({@link EmptyTensorUseRun}; a crash there fails this test naming the model, instead of
 * killing the build), then here, where each must fold completely to the values or shapes worked out
 * by hand from the ONNX spec. Every entry of the list must be exercised by some model here.
 */
class OrtEmptyTensorUsesVettingTest {
  @TempDir
  Path dir;

  /** A model and what its folded outputs must be. */
  private record Case(String name, Model model, Consumer<List<Tensor>> check) {}

  private static Tensor empty(DataType type, long... dims) {
    return type == DataType.STRING ? DenseTensor.ofStrings("", dims, List.of())
        : DenseTensor.wrap("", type, dims, ByteBuffer.allocate(0));
  }

  private static Value constant(GraphBuilder b, String name, Tensor t) {
    return b.initializer(name, DenseTensor.wrap(name, t.dataType(), t.dims(), t.data().slice()));
  }

  private static Value strings(GraphBuilder b, String name, long... dims) {
    return b.initializer(name, DenseTensor.ofStrings(name, dims, List.of()));
  }

  private static Model finish(GraphBuilder b, List<Value> outputs) {
    for (int i = 0; i < outputs.size(); i++) {
      outputs.get(i).setName("out" + i);
      b.output(outputs.get(i));
    }
    return b.model();
  }

  /** [[1,2],[3,4]] doubled in height and width, half_pixel: nearest (round_prefer_floor) and linear. */
  private static final float[] NEAREST_2X = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
  private static final float[] LINEAR_2X = {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f,
      3, 3.25f, 3.75f, 4};

  private static void floatsEqual(Tensor t, long[] dims, float[] values) {
    assertThat(t.dims()).containsExactly(dims);
    assertThat(t.toFloatArray()).containsExactly(values, org.assertj.core.data.Offset.offset(1e-6f));
  }

  private static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (int opset : new int[] {11, 13, 19}) {
      for (DataType roi : new DataType[] {DataType.FLOAT, DataType.FLOAT16, DataType.DOUBLE}) {
        for (String mode : new String[] {"nearest", "linear"}) {
          GraphBuilder b = GraphBuilder.create(opset);
          Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 2, 2}, 1, 2, 3, 4));
          Value r = constant(b, "roi", empty(roi, 0));
          Value scales = b.initializer("scales", DenseTensor.ofFloats("scales", new long[] {4}, 1, 1, 2, 2));
          Value y = b.op("Resize", List.of(x, r, scales), Attribute.of("mode", mode));
          float[] expected = mode.equals("nearest") ? NEAREST_2X : LINEAR_2X;
          out.add(new Case("resize" + opset + "_roi_" + roi.displayName() + "_" + mode, finish(b, List.of(y)),
              t -> floatsEqual(t.get(0), new long[] {1, 1, 4, 4}, expected)));
        }
      }
      // Empty roi and scales, the output given by sizes (the Resize-11 idiom).
      for (String mode : new String[] {"nearest", "linear"}) {
        GraphBuilder b = GraphBuilder.create(opset);
        Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 2, 2}, 1, 2, 3, 4));
        Value r = constant(b, "roi", empty(DataType.FLOAT, 0));
        Value scales = constant(b, "scales", empty(DataType.FLOAT, 0));
        Value sizes = b.initializer("sizes", DenseTensor.ofLongs("sizes", new long[] {4}, 1, 1, 4, 4));
        Value y = b.op("Resize", List.of(x, r, scales, sizes), Attribute.of("mode", mode));
        float[] expected = mode.equals("nearest") ? NEAREST_2X : LINEAR_2X;
        out.add(new Case("resize" + opset + "_sizes_" + mode, finish(b, List.of(y)),
            t -> floatsEqual(t.get(0), new long[] {1, 1, 4, 4}, expected)));
      }
    }
    for (DataType type : OrtEmptyTensorUses.VETTED.stream().filter(u -> u.op().equals("Trilu")).findFirst()
        .orElseThrow().types()) {
      for (long[] dims : new long[][] {{0, 5}, {3, 0, 5}, {4, 0}, {0, 0}}) {
        for (long upper : new long[] {0, 1}) {
          GraphBuilder b = GraphBuilder.create(14);
          Value x = constant(b, "x", empty(type, dims));
          List<Value> in = upper == 1 ? List.of(x) : List.of(x, b.initializer("k", DenseTensor.ofLongs("k", new long[0], -1)));
          Value y = b.op("Trilu", in, Attribute.of("upper", upper));
          out.add(new Case("trilu_" + type.displayName() + Arrays.toString(dims) + "_upper" + upper, finish(b, List.of(y)),
              t -> {
                assertThat(t.get(0).dataType()).isEqualTo(type);
                assertThat(t.get(0).dims()).containsExactly(dims);
              }));
        }
      }
    }
    for (long[] dims : new long[][] {{0}, {2, 0}}) {
      for (boolean delimiter : new boolean[] {false, true}) {
        GraphBuilder b = GraphBuilder.create(20);
        Value x = strings(b, "x", dims);
        List<Value> ys = b.ops("StringSplit", 2, List.of(x),
            delimiter ? new Attribute[] {Attribute.of("delimiter", ","), Attribute.of("maxsplit", 1L)} : new Attribute[0]);
        out.add(new Case("string_split" + Arrays.toString(dims) + (delimiter ? "_comma" : ""), finish(b, ys), t -> {
          // The spec: substrings have the input's shape and one more axis, as long as the most
          // substrings of an element (none here: 0); the counts have the input's shape.
          long[] substrings = Arrays.copyOf(dims, dims.length + 1);
          assertThat(t.get(0).dataType()).isEqualTo(DataType.STRING);
          assertThat(t.get(0).dims()).containsExactly(substrings);
          assertThat(t.get(1).dataType()).isEqualTo(DataType.INT64);
          assertThat(t.get(1).dims()).containsExactly(dims);
        }));
      }
      GraphBuilder b = GraphBuilder.create(20);
      Value y = b.op("RegexFullMatch", List.of(strings(b, "x", dims)), Attribute.of("pattern", "a.*"));
      out.add(new Case("regex_full_match" + Arrays.toString(dims), finish(b, List.of(y)), t -> {
        assertThat(t.get(0).dataType()).isEqualTo(DataType.BOOL);
        assertThat(t.get(0).dims()).containsExactly(dims);
      }));
    }
    return out;
  }

  /** (op, side, index, type) of each empty tensor a node of {@code m} sees, by inference on a copy. */
  private static Set<String> emptyUses(Model m) {
    Model copy = m.deepCopy();
    ShapeInference.run(copy);
    Set<String> out = new TreeSet<>();
    for (Node n : copy.graph().nodes()) {
      for (int i = 0; i < n.inputs().size(); i++) {
        record(out, n, Side.INPUT, i, n.input(i));
      }
      for (int i = 0; i < n.outputs().size(); i++) {
        record(out, n, Side.OUTPUT, i, n.output(i));
      }
    }
    return out;
  }

  private static void record(Set<String> out, Node n, Side side, int index, Value v) {
    if (v != null && OrtEmptyTensorUses.size(v) == OrtEmptyTensorUses.Size.EMPTY) {
      out.add(key(n.opType(), side, index, v.dataType().orElseThrow()));
    }
  }

  private static String key(String op, Side side, int index, DataType type) {
    return op + " " + side + " " + index + " " + type.displayName();
  }

  @Test
  void everyVettedUseIsExercised() {
    Set<String> exercised = new TreeSet<>();
    cases().forEach(c -> exercised.addAll(emptyUses(c.model())));
    Set<String> listed = new TreeSet<>();
    for (OrtEmptyTensorUses.Use u : OrtEmptyTensorUses.VETTED) {
      u.types().forEach(t -> listed.add(key(u.op(), u.side(), u.index(), t)));
    }
    assertThat(exercised).containsAll(listed);
  }

  @Test
  void everyCaseFoldsThroughOnnxRuntimeInAProcessOfItsOwnThenHereToTheSpecsResult() throws Exception {
    List<Case> cases = cases();
    Map<String, Case> byFile = new LinkedHashMap<>();
    for (Case c : cases) {
      Path p = dir.resolve(c.name().replaceAll("[^A-Za-z0-9_]", "_") + ".onnx");
      OnnxWriter.write(c.model().deepCopy(), p);
      byFile.put(p.toString(), c);
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ChildClassPath.of(), EmptyTensorUseRun.class.getName()));
    command.addAll(byFile.keySet());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(log).isTrue();
    assertThat(p.exitValue()).as("the forked JVM (its last 'start' line names the model it died on):\n" + log).isZero();

    List<String> unfolded = new ArrayList<>();
    for (Case c : cases) {
      Model m = c.model().deepCopy();
      var result = Pipelines.fold(Pipelines.Options.defaults().withFallback(new OrtEvaluator())).run(m);
      if (!m.graph().nodes().isEmpty()) {
        unfolded.add(c.name() + ": " + result.passes().stream().flatMap(r -> r.diagnostics().stream()).toList());
        continue;
      }
      List<Tensor> outputs = m.graph().outputs().stream().map(v -> v.constantValue().orElseThrow()).toList();
      c.check().accept(outputs);
    }
    assertThat(unfolded).as("cases left unfolded").isEmpty();
  }
}
