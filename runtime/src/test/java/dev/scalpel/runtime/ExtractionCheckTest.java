package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.extract.Extractor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionCheckTest {
  @TempDir
  Path dir;

  private static Value named(Value v, String name) {
    v.setName(name);
    return v;
  }

  /**
   * x[batch,3] -> Add(x, w1) -> Relu = r -> Mul(r, w2) = m -> Sigmoid = y;
   * Neg(x) -> Add(., r) = z. Outputs y, z.
   */
  private static Model chain() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3)));
    Value w1 = b.initializer("w1", DenseTensor.ofFloats("w1", new long[] {3}, -0.5f, 0.25f, 0.1f));
    Value w2 = b.initializer("w2", DenseTensor.ofFloats("w2", new long[] {3}, 4, 5, 6));
    Value r = named(b.op("Relu", b.op("Add", x, w1)), "r");
    Value m = named(b.op("Mul", r, w2), "m");
    b.output(named(b.op("Sigmoid", m), "y"), named(b.op("Add", b.op("Neg", x), r), "z"));
    return b.model();
  }

  @Test
  void aCutComputesTheOriginalsIntermediateValuesAtEveryRun() {
    Model original = chain();
    Model cut = Extractor.extract(original, List.of("r"), List.of("y"));

    EquivalenceReport report = ExtractionCheck.check(ModelSource.of(original), ModelSource.of(cut), CheckOptions.defaults());

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.outputs()).extracting(OutputVerdict::name).containsExactly("y");
    assertThat(report.runs()).extracting(d -> d.get("batch")).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void aCutThatComputesSomethingElseFails() {
    Model original = chain();
    // what a wrong cut would compute: y from r with the other weight
    GraphBuilder b = GraphBuilder.create(17);
    Value r = b.input("r", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3)));
    Value w = b.initializer("w1", DenseTensor.ofFloats("w1", new long[] {3}, -0.5f, 0.25f, 0.1f));
    b.output(named(b.op("Sigmoid", b.op("Mul", r, w)), "y"));

    EquivalenceReport report = ExtractionCheck.check(ModelSource.of(original), ModelSource.of(b.model()), CheckOptions.defaults());

    assertThat(report.passed()).isFalse();
    assertThat(report.failedOutputs()).extracting(OutputVerdict::name).containsExactly("y");
  }

  @Test
  void cutInputsMayBeGraphInputsAndConstantsOfTheOriginal() {
    Model original = chain();
    Model cut = Extractor.extract(original, List.of("x", "r", "w2"), List.of("z", "y"));

    assertThat(cut.graph().inputs()).extracting(Value::name).containsExactly("x", "r", "w2");
    EquivalenceReport report = ExtractionCheck.check(ModelSource.of(original), ModelSource.of(cut), CheckOptions.defaults());
    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.outputs()).extracting(OutputVerdict::name).containsExactly("z", "y");
  }

  /** cond, x[3] -> Relu = r -> Neg = m; If(cond): then Abs(r), else Exp(m), both read from outside. */
  private static Model withIf() {
    GraphBuilder b = GraphBuilder.create(17);
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value x = b.input("x", DataType.FLOAT, Shape.of(3));
    Value r = named(b.op("Relu", b.op("Sin", x)), "r");
    Value m = named(b.op("Neg", r), "m");
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Abs", r));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Exp", m));
    b.output(named(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph())), "out"));
    return b.model();
  }

  @Test
  void capturedValuesRunInOnnxRuntimeFromAWrittenFile() throws IOException {
    Path originalFile = dir.resolve("if.onnx");
    OnnxWriter.write(withIf(), originalFile, WriteOptions.defaults());
    Model cut = Extractor.extract(OnnxReader.read(originalFile), List.of("cond", "r"), List.of("out"));
    Path cutFile = dir.resolve("cut.onnx");
    OnnxWriter.write(cut, cutFile, WriteOptions.defaults());

    for (byte cond : new byte[] {0, 1}) {
      CheckOptions branch = CheckOptions.defaults().withInput("cond",
          DenseTensor.wrap("cond", DataType.BOOL, new long[0], java.nio.ByteBuffer.wrap(new byte[] {cond})));
      EquivalenceReport report = ExtractionCheck.check(ModelSource.read(originalFile), ModelSource.read(cutFile), branch);
      assertThat(report.passed()).as("cond " + cond + ": " + report).isTrue();
    }
  }
}
