package dev.scalpel.opset.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lints every model of ONNX's backend node tests ({@code libonnx-testdata}). They are valid
 * models, so every error is a false positive of the linter unless listed in {@link #EXPECTED}
 * with the reason.
 */
@Tag("conformance")
class LintConformanceTest {
  /** Tests whose models really break a rule, by test name, with the reason. */
  // NOTE: these four were generated while opset 11 was being written, before onnx 1.6 moved the IR
  // to 6; runtimes load them, but by the release table opset 11 needs IR 6, so the error is right.
  private static final String IR5_OPSET11 = "IR version 5 with ai.onnx opset 11";
  private static final Map<String, String> EXPECTED = Map.of(
      "test_depthtospace_crd_mode", IR5_OPSET11,
      "test_depthtospace_dcr_mode", IR5_OPSET11,
      "test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn", IR5_OPSET11,
      "test_unsqueeze_axis_3", IR5_OPSET11);

  @Test
  void backendNodeTestsLintClean() throws IOException {
    Path root = Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
    List<Path> models;
    try (Stream<Path> dirs = Files.list(root)) {
      models = dirs.map(d -> d.resolve("model.onnx")).filter(Files::isRegularFile).sorted().toList();
    }
    ModelLinter linter = ModelLinter.standard();
    Map<String, List<Finding>> withErrors = new TreeMap<>();
    Map<String, Integer> warningsByRule = new TreeMap<>();
    int unreadable = 0;
    int checkedAgainstSchema = 0;
    long t0 = System.nanoTime();
    for (Path file : models) {
      String test = file.getParent().getFileName().toString();
      Model model;
      try {
        model = OnnxReader.read(file);
      } catch (RuntimeException e) {
        unreadable++;
        continue;
      }
      List<Finding> errors = new ArrayList<>();
      checkedAgainstSchema += model.graph().allNodes().size();
      for (Finding f : linter.lint(model)) {
        if (f.isError()) {
          errors.add(f);
        } else {
          warningsByRule.merge(f.rule(), 1, Integer::sum);
          System.out.println("  warning in " + test + ": " + f);
        }
      }
      if (!errors.isEmpty()) {
        withErrors.put(test, errors);
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("linted " + models.size() + " backend node test models (" + checkedAgainstSchema
        + " nodes) in " + ms + " ms; "
        + unreadable + " unreadable; " + withErrors.size() + " with errors; warnings by rule " + warningsByRule);
    withErrors.forEach((test, errors) -> errors.forEach(f -> System.out.println("  " + test + ": " + f)));
    assertThat(withErrors.keySet()).isEqualTo(EXPECTED.keySet());
    assertThat(unreadable).isZero();
  }
}
