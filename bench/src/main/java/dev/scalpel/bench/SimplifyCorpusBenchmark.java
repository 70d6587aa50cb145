package dev.scalpel.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #6's benchmark: the whole reference corpus simplified in-process (warm JVM) against ONNX
 * Runtime's basic-level offline optimisation of the same models through its Java API, same run.
 * Both read the model files and end with the optimised model written to a file; ONNX Runtime
 * runs with one intra-op thread, like Scalpel.
 * {@code simplify} is the default pipeline without the validation step (ONNX Runtime's optimiser
 * does not validate either); {@code simplifyAndValidate} adds it, for the full cost of
 * {@code scalpel simplify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class SimplifyCorpusBenchmark {
  @Param("../shared/models")
  public String corpus;

  private final List<Path> models = new ArrayList<>();
  private OrtEnvironment env;
  private Path dir;

  @Setup
  public void setUp() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(corpus))) {
      files = s.filter(p -> p.toString().endsWith(".onnx")).sorted().collect(Collectors.toList());
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no .onnx files in " + corpus);
    }
    models.addAll(files);
    env = OrtEnvironment.getEnvironment();
    dir = Files.createTempDirectory("scalpel-bench-simplify");
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public int simplify() throws IOException {
    return simplifyAll(SimplifyOptions.defaults().withValidate(false));
  }

  @Benchmark
  public int simplifyAndValidate() throws IOException {
    return simplifyAll(SimplifyOptions.defaults());
  }

  @Benchmark
  public int onnxRuntimeBasic() throws OrtException {
    for (int i = 0; i < models.size(); i++) {
      OrtBasicOptimization.optimize(env, models.get(i), dir.resolve("ort" + i + ".onnx"), 1);
    }
    return models.size();
  }

  private int simplifyAll(SimplifyOptions options) throws IOException {
    int nodes = 0;
    for (int i = 0; i < models.size(); i++) {
      Model m = OnnxReader.read(models.get(i));
      Model simplified = Simplifier.simplify(m, options).model();
      OnnxWriter.write(simplified, dir.resolve("scalpel" + i + ".onnx"));
      nodes += simplified.graph().nodeCount();
    }
    return nodes;
  }
}
