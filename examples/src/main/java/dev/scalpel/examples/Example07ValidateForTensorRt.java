package dev.scalpel.examples;

import dev.scalpel.cli.DimRange;
import dev.scalpel.cli.TrtexecPlan;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.lint.trt.TrtReadiness;
import dev.scalpel.opset.lint.trt.TrtReport;
import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import java.nio.file.Path;
import java.util.List;

/**
 * 07: prove an edit kept the model's meaning, then hand it to TensorRT. ONNX Runtime runs the
 * original and the dynamic-batch model of example 05 on the same inputs; the readiness rules list
 * what TensorRT's parser would refuse; and the {@code trtexec} line gets a profile for the batch.
 *
 * <p>Run: {@code Example07ValidateForTensorRt DIR} after examples 01 and 05.
 */
public final class Example07ValidateForTensorRt {
  private Example07ValidateForTensorRt() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    ModelSource original = ModelSource.read(dir.resolve("model.onnx"));
    ModelSource dynamic = ModelSource.read(dir.resolve("dynamic.onnx"));
    EquivalenceReport check = EquivalenceChecker.check(original, dynamic, CheckOptions.defaults());
    System.out.println((check.passed() ? "EQUIVALENT" : "DIFFERENT") + " over " + check.runs().size() + " run(s)");
    if (!check.passed()) {
      throw new IllegalStateException(check.toString());
    }
    TrtReport ready = TrtReadiness.check(dynamic.model(), TrtVersion.V10);
    ready.findings().stream().map(Finding::toString).forEach(System.out::println);
    TrtexecPlan plan = TrtexecPlan.of(dynamic.model(), dir.resolve("dynamic.onnx").toString(),
        List.of(new DimRange("batch", 1, 4, 8)));
    System.out.println(plan.commandLine());
  }
}
