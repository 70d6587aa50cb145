package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.opset.infer.ShapeInference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tensor-manipulation rules against ONNX's backend node tests: for each test whose graph uses
 * one of these operators, the declared output types are removed, inferred again and compared,
 * (a) with inputs fed at run time (sound: no static dim or rank may differ) and (b) with the test's
 * input data as initializers (exact: every output type equal).
 */
@Tag("conformance")
class TensorRulesConformanceTest {
  private static final Set<String> OPS = Set.of(
      "Gather", "GatherElements", "GatherND", "Scatter", "ScatterElements", "ScatterND", "Slice",
      "Squeeze", "Unsqueeze", "Concat", "Split", "Transpose", "Expand", "Tile", "Pad", "Flatten",
      "Range", "NonZero", "TopK", "Unique", "OneHot", "DepthToSpace", "SpaceToDepth", "Resize",
      "Upsample", "Compress", "EyeLike", "GridSample", "CenterCropPad", "Col2Im");

  @Test
  void backendNodeTests() throws IOException {
    Path root = Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).sorted().toList();
    }
    int tests = 0;
    int sound = 0;
    int exact = 0;
    int exactAsIs = 0;
    TreeMap<String, String> unsound = new TreeMap<>();
    TreeMap<String, String> inexact = new TreeMap<>();
    for (Path dir : dirs) {
      Model probe = OnnxReader.read(dir.resolve("model.onnx"));
      boolean ours = probe.graph().nodes().stream().anyMatch(n -> n.isDefaultDomain() && OPS.contains(n.opType()));
      if (!ours || probe.graph().outputs().stream().anyMatch(v -> !(v.type() instanceof ValueType.TensorType))) {
        continue;
      }
      tests++;
      String name = dir.getFileName().toString();
      List<ValueType> declared = probe.graph().outputs().stream().map(Value::type).toList();
      String a = compare(probe);
      if (a == null) {
        sound++;
      } else {
        unsound.put(name, a);
      }
      boolean same = true;
      for (int i = 0; i < declared.size(); i++) {
        ValueType t = probe.graph().outputs().get(i).type();
        same &= t instanceof ValueType.TensorType tt && sameType((ValueType.TensorType) declared.get(i), tt);
      }
      exactAsIs += same ? 1 : 0;
      Model fed = OnnxReader.read(dir.resolve("model.onnx"));
      feedInputs(fed, dir.resolve("test_data_set_0"));
      String b = compareExact(fed);
      if (b == null) {
        exact++;
      } else {
        inexact.put(name, b);
      }
    }
    System.out.println("tensor rules: " + tests + " tests; (a) sound " + sound + ", exact " + exactAsIs
        + "; (b) exact " + exact);
    unsound.forEach((k, v) -> System.out.println("  UNSOUND " + k + ": " + v));
    inexact.forEach((k, v) -> System.out.println("  INEXACT " + k + ": " + v));
    assertThat(unsound).isEmpty();
  }

  private static void feedInputs(Model model, Path data) throws IOException {
    Graph g = model.graph();
    List<Value> inputs = new ArrayList<>();
    for (Value v : g.inputs()) {
      if (!v.isInitializer()) {
        inputs.add(v);
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      Path file = data.resolve("input_" + i + ".pb");
      if (!Files.isRegularFile(file)) {
        continue;
      }
      Tensor t;
      try {
        t = TensorReader.read(file);
      } catch (RuntimeException e) {
        continue;
      }
      g.addInitializer(inputs.get(i), t);
      g.removeInput(inputs.get(i));
    }
  }

  /** Strips the outputs' types, infers, and returns the first unsound difference or null. */
  private static String compare(Model model) {
    List<ValueType> declared = strip(model);
    ShapeInference.run(model);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < declared.size(); i++) {
      ValueType.TensorType d = (ValueType.TensorType) declared.get(i);
      ValueType inf = model.graph().outputs().get(i).type();
      if (!(inf instanceof ValueType.TensorType t) || t.shape() == null) {
        continue;
      }
      if (d.shape() == null) {
        continue;
      }
      if (t.shape().rank() != d.shape().rank() || t.elementType() != d.elementType() && t.elementType() != dev.scalpel.graph.DataType.UNDEFINED) {
        out.append(describe(i, d, t));
        continue;
      }
      for (int k = 0; k < t.shape().rank(); k++) {
        if (t.shape().dim(k) instanceof Dim.Static si && d.shape().dim(k) instanceof Dim.Static sd && si.value() != sd.value()) {
          out.append(describe(i, d, t));
          break;
        }
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static String compareExact(Model model) {
    List<ValueType> declared = strip(model);
    ShapeInference.Result r = ShapeInference.run(model);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < declared.size(); i++) {
      ValueType d = declared.get(i);
      ValueType inf = model.graph().outputs().get(i).type();
      if (!(inf instanceof ValueType.TensorType t) || !sameType((ValueType.TensorType) d, t)) {
        out.append(describe(i, d, inf));
      }
    }
    if (out.length() > 0 && !r.operatorsWithoutRule().isEmpty()) {
      out.append(" (no rule: ").append(r.operatorsWithoutRule()).append(')');
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static boolean sameType(ValueType.TensorType d, ValueType.TensorType t) {
    if (d.elementType() != t.elementType()) {
      return false;
    }
    Shape a = d.shape();
    Shape b = t.shape();
    if (a == null || b == null) {
      return a == b;
    }
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int k = 0; k < a.rank(); k++) {
      if (!(a.dim(k) instanceof Dim.Static sa) || !(b.dim(k) instanceof Dim.Static sb) || sa.value() != sb.value()) {
        if (!a.dim(k).equals(b.dim(k))) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<ValueType> strip(Model model) {
    List<ValueType> declared = new ArrayList<>();
    for (Value v : model.graph().outputs()) {
      declared.add(v.type());
      v.setType(null);
    }
    return declared;
  }

  private static String describe(int i, ValueType d, ValueType t) {
    return "output " + i + " declared " + d + ", inferred " + t + "; ";
  }
}
