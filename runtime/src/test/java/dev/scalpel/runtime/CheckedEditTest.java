package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckedEditTest {
  @TempDir
  Path dir;

  /** {@code y = x + c}, x FLOAT [1, 4], c = [1, 2, 3, 4] (an initializer of 2 KiB so it goes external). */
  private Path original() throws IOException {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 512));
    float[] c = new float[512];
    for (int i = 0; i < c.length; i++) {
      c[i] = i;
    }
    Value y = b.op("Add", x, b.initializer("c", DenseTensor.ofFloats("c", new long[] {1, 512}, c)));
    y.setName("y");
    b.output(y);
    Path file = dir.resolve("in.onnx");
    OnnxWriter.write(b.model(), file, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));
    return file;
  }

  /** Makes output {@code y} be {@code op(y, operand)}, keeping its name. */
  private static void follow(Model m, String op, Value operand) {
    Graph g = m.graph();
    Value old = g.outputs().get(0);
    GraphBuilder b = new GraphBuilder(g);
    Value next = b.op(op, old, operand);
    old.setName(g.freshValueName("y_before"));
    next.setName("y");
    g.setOutput(0, next);
  }

  /** An edit that adds {@code delta} to every element of y. */
  private static CheckedEdit.Edit<Void> shiftBy(float delta) {
    return m -> {
      follow(m, "Add", new GraphBuilder(m.graph()).initializer("delta", DenseTensor.ofFloats("delta", new long[0], delta)));
      return null;
    };
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aChangeOf1e3PassesAtAtol1e2AndFailsAt1e5() throws IOException {
    ModelSource source = ModelSource.read(original());
    CheckedEdit<Void> edit = CheckedEdit.of(source, shiftBy(1e-3f));

    CheckedEdit.Outcome<Void> loose = edit.checkedWith(CheckOptions.defaults().withTolerance(new Tolerance(1e-2, 0))).run();
    CheckedEdit.Outcome<Void> tight = edit.checkedWith(CheckOptions.defaults().withTolerance(new Tolerance(1e-5, 0))).run();

    assertThat(loose.status()).isEqualTo(CheckedEdit.Status.PASSED);
    assertThat(tight.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    double err = ((RunOutcome.Compared) tight.check().orElseThrow().output("y").orElseThrow().worst()).diff().maxAbsError();
    // NOTE: x + c is at most ~512 here, where a float's spacing is 6e-5: the shift is 1e-3 give or take that.
    assertThat(err).isBetween(9e-4, 1.1e-3);
    assertThat(source.model().graph().nodes()).hasSize(1);
  }

  @Test
  void passingEditIsWrittenAndNoStagingIsLeft() throws IOException {
    ModelSource source = ModelSource.read(original());
    Path out = dir.resolve("out.onnx");

    CheckedEdit.Outcome<Void> o = CheckedEdit.of(source, shiftBy(0f)).writingTo(out, WriteOptions.defaults()).run();

    assertThat(o.passed()).isTrue();
    assertThat(o.written().orElseThrow().model()).isEqualTo(out.toAbsolutePath());
    assertThat(files()).containsExactly("in.onnx", "in.onnx.data", "out.onnx", "out.onnx.data");
    assertThat(OnnxReader.read(out).graph().nodes()).hasSize(2);
  }

  @Test
  void failedCheckWritesNothingAndLeavesAnExistingOutputAlone() throws IOException {
    ModelSource source = ModelSource.read(original());
    Path out = dir.resolve("out.onnx");
    Files.writeString(out, "previous output");

    CheckedEdit.Outcome<Void> o = CheckedEdit.of(source, shiftBy(0.5f)).writingTo(out, WriteOptions.defaults()).run();

    assertThat(o.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    assertThat(o.written()).isEmpty();
    assertThat(Files.readString(out)).isEqualTo("previous output");
    assertThat(files()).containsExactly("in.onnx", "in.onnx.data", "out.onnx");
  }

  @Test
  void stagingIsRemovedWhenOnnxRuntimeRefusesTheResult() throws IOException {
    ModelSource source = ModelSource.read(original());
    Path out = dir.resolve("sub").resolve("out.onnx");
    CheckedEdit<Void> broken = CheckedEdit.of(source, m -> {
      follow(m, "NoSuchOp", new GraphBuilder(m.graph()).initializer("k", DenseTensor.ofFloats("k", new long[0], 1f)));
      return null;
    });

    assertThatThrownBy(() -> broken.writingTo(out, WriteOptions.defaults()).run())
        .isInstanceOf(ModelNotRunnableException.class);
    assertThat(files()).containsExactly("in.onnx", "in.onnx.data");
  }

  @Test
  void refusedEditIsNeitherCheckedNorWritten() throws IOException {
    ModelSource source = ModelSource.read(original());
    Path out = dir.resolve("out.onnx");

    CheckedEdit.Outcome<Void> o = CheckedEdit.of(source, shiftBy(0.5f)).onlyIf(r -> false)
        .writingTo(out, WriteOptions.defaults()).run();

    assertThat(o.status()).isEqualTo(CheckedEdit.Status.REFUSED);
    assertThat(o.check()).isEmpty();
    assertThat(out).doesNotExist();
  }

  /** The edit adds input k and makes y = (x + c) * k: k = 1 reproduces the original. */
  private static CheckedEdit.Edit<Void> scaleByNewInput() {
    return m -> {
      Value k = m.graph().addInput(new Value("k", dev.scalpel.graph.ValueType.tensor(DataType.FLOAT, Shape.scalar())));
      follow(m, "Mul", k);
      return null;
    };
  }

  @Test
  void inputOnlyTheResultHasIsFedTheGivenValue() throws IOException {
    ModelSource source = ModelSource.read(original());
    CheckedEdit<Void> edit = CheckedEdit.of(source, scaleByNewInput());

    CheckedEdit.Outcome<Void> one = edit.feeding(r -> Map.of("k", DenseTensor.ofFloats("k", new long[0], 1f))).run();
    CheckedEdit.Outcome<Void> two = edit.feeding(r -> Map.of("k", DenseTensor.ofFloats("k", new long[0], 2f))).run();
    CheckedEdit.Outcome<Void> unfed = edit.run();

    assertThat(one.status()).as(one.check().toString()).isEqualTo(CheckedEdit.Status.PASSED);
    assertThat(one.check().orElseThrow().signature()).singleElement()
        .satisfies(i -> assertThat(i.fatal()).isFalse());
    assertThat(two.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    assertThat(unfed.status()).isEqualTo(CheckedEdit.Status.OUTPUTS_DIFFER);
    assertThat(unfed.check().orElseThrow().signature()).singleElement()
        .satisfies(i -> assertThat(i.fatal()).isTrue());
  }

  @Test
  void feedingAnInputTheOriginalHasIsRefused() throws IOException {
    ModelSource source = ModelSource.read(original());
    CheckedEdit<Void> edit = CheckedEdit.of(source, shiftBy(0f))
        .feeding(r -> Map.of("x", DenseTensor.ofFloats("x", new long[] {1, 512}, new float[512])));

    assertThatThrownBy(edit::run).isInstanceOf(InputSpecException.class).hasMessageContaining("original");
  }

  @Test
  void largeInMemoryModelRunsFromAStagedFileThatIsDeletedAfterwards() throws IOException {
    Model inMemory = ModelSource.read(original()).model();
    assertThat(StagedModel.worthStaging(inMemory)).as("its initializer is external").isTrue();
    Path staged;
    try (OrtRunner r = OrtRunner.open(ModelSource.of(inMemory), ModelRole.ORIGINAL)) {
      assertThat(r.outputNames()).containsExactly("y");
      try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        staged = s.filter(p -> p.getFileName().toString().startsWith("scalpel-staged-")).findFirst().orElseThrow();
      }
      assertThat(staged).exists();
    }
    assertThat(staged).doesNotExist();
  }
}
