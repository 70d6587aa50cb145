package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.inputs.NpyFormat;
import dev.scalpel.runtime.inputs.NpzFormat;
import dev.scalpel.runtime.inputs.SavedRun;
import dev.scalpel.runtime.inputs.SavedRunFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code scalpel run --save-outputs} and {@code scalpel validate MODEL --load-outputs}. */
class SavedOutputsCommandTest {
  @TempDir
  Path dir;

  /** {@code y = x + c} (c fills a [2, 2]), and {@code z = Identity(x)}; x: float[2, 2]. */
  private static Model addModel(float c) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 2));
    Value k = b.constant(DenseTensor.ofFloats("c", new long[] {2, 2}, c, c, c, c));
    Value y = b.op("Add", x, k);
    y.setName("y");
    Value z = b.op("Identity", x);
    z.setName("z");
    b.output(y, z);
    return b.model();
  }

  @ParameterizedTest
  @ValueSource(strings = {"run.npz", "run.json"})
  void aChangedModelExits4(String fileName) throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    String b = TestModels.write(addModel(1.5f), dir.resolve("b.onnx")).toString();
    String saved = dir.resolve(fileName).toString();

    Cli.Result run = Cli.run("run", a, "--save-outputs", saved);
    Cli.Result same = Cli.run("validate", a, "--load-outputs", saved);
    Cli.Result changed = Cli.run("validate", b, "--load-outputs", saved);
    Cli.Result located = Cli.run("validate", b, "--load-outputs", saved, "--localize", "--reference", a);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Saved:").contains(saved);
    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
    assertThat(same.out()).contains("EQUIVALENT");
    assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(changed.out()).contains("y").contains("DIFFERENT");
    assertThat(located.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    assertThat(located.out()).as(located.out()).contains("Add");
  }

  @Test
  void theSavedInputsAreReplayedExactly() throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    Path npz = dir.resolve("seed3.npz");
    Path json = dir.resolve("seed3.json");
    Path other = dir.resolve("seed4.npz");
    assertThat(Cli.run("run", a, "--seed", "3", "--save-outputs", npz.toString()).exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(Cli.run("run", a, "--seed", "3", "--save-outputs", json.toString()).exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(Cli.run("run", a, "--seed", "4", "--save-outputs", other.toString()).exitCode()).isEqualTo(ExitCodes.OK);
    SavedRun fromNpz = SavedRunFormat.read(npz, Map.of());
    SavedRun fromJson = SavedRunFormat.read(json, Map.of());
    SavedRun fromOther = SavedRunFormat.read(other, Map.of());
    // The same seed gives the same bytes in both formats; another seed other inputs.
    assertThat(bytes(fromJson.inputs().get("x"))).isEqualTo(bytes(fromNpz.inputs().get("x")));
    assertThat(bytes(fromOther.inputs().get("x"))).isNotEqualTo(bytes(fromNpz.inputs().get("x")));
    // z = Identity(x): the run saw exactly the inputs it saved.
    assertThat(bytes(fromNpz.outputs().get("z"))).isEqualTo(bytes(fromNpz.inputs().get("x")));

    // Zero tolerance and another seed: only a byte-exact replay of the saved x passes (z is x).
    Cli.Result replay = Cli.run("validate", a, "--load-outputs", npz.toString(), "--seed", "4", "--atol", "0", "--rtol", "0");
    assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(ExitCodes.OK);
    // The check can fail: seed 4's outputs against seed 3's inputs... swapped in by hand.
    Path swapped = dir.resolve("swapped.npz");
    SavedRunFormat.write(new SavedRun(fromNpz.inputs(), fromOther.outputs()), swapped, Long.MAX_VALUE);
    Cli.Result wrong = Cli.run("validate", a, "--load-outputs", swapped.toString(), "--atol", "0", "--rtol", "0");
    assertThat(wrong.exitCode()).as(wrong.out()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
  }

  /**
   * Every element type ONNX Runtime hands back: Cast of {@code x * 100 - 50} to float16,
   * bfloat16, double, int8, int16, int32, int64, uint8 and bool, saved and replayed at zero
   * tolerance in both formats.
   */
  @Test
  void everyOutputTypeRoundTripsThroughRunAndValidate() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3));
    Value scaled = b.op("Sub", b.op("Mul", x, b.constant(DenseTensor.ofFloats("h", new long[0], 100f))),
        b.constant(DenseTensor.ofFloats("f", new long[0], 50f)));
    List<DataType> types = List.of(DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE, DataType.INT8,
        DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.BOOL);
    scaled.setName("f32");
    b.output(scaled);
    for (DataType t : types) {
      Value cast = b.op("Cast", List.of(scaled), Attribute.of("to", (long) t.code()));
      cast.setName(t.name().toLowerCase(java.util.Locale.ROOT));
      b.output(cast);
    }
    String m = TestModels.write(b.model(), dir.resolve("casts.onnx")).toString();
    Path npz = dir.resolve("casts.npz");
    Path json = dir.resolve("casts.json");

    Cli.Result runNpz = Cli.run("run", m, "--save-outputs", npz.toString());
    Cli.Result runJson = Cli.run("run", m, "--save-outputs", json.toString());
    assertThat(runNpz.exitCode()).as(runNpz.err()).isEqualTo(ExitCodes.OK);
    assertThat(runJson.exitCode()).as(runJson.err()).isEqualTo(ExitCodes.OK);
    SavedRun a = SavedRunFormat.read(npz, Map.of());
    SavedRun j = SavedRunFormat.read(json, Map.of());
    assertThat(a.outputs()).hasSize(types.size() + 1);
    for (DataType t : types) {
      Tensor saved = a.outputs().get(t.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(saved.dataType()).isEqualTo(t);
      assertThat(bytes(j.outputs().get(saved.name()))).as(t.name()).isEqualTo(bytes(saved));
    }
    for (Path f : List.of(npz, json)) {
      Cli.Result v = Cli.run("validate", m, "--load-outputs", f.toString(), "--atol", "0", "--rtol", "0");
      assertThat(v.exitCode()).as(f + ": " + v.out() + v.err()).isEqualTo(ExitCodes.OK);
    }
  }

  /**
   * An archive as Python writes it ({@code numpy.savez(f, **{"inputs/x": x, "outputs/y": x + 1,
   * "outputs/z": x})}), with x big-endian in a version 2.0 .npy; y worked out by hand.
   */
  @Test
  void anArchiveFromPythonIsChecked() throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    float[] x = {1f, -2f, 0.5f, 8f};
    Path good = python(dir.resolve("good.npz"), x, new float[] {2f, -1f, 1.5f, 9f});
    Path bad = python(dir.resolve("bad.npz"), x, new float[] {2f, -1f, 1.5f, 9.5f});

    Cli.Result ok = Cli.run("validate", a, "--load-outputs", good.toString(), "--atol", "0", "--rtol", "0");
    Cli.Result differs = Cli.run("validate", a, "--load-outputs", bad.toString(), "--json");

    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.OK);
    assertThat(differs.exitCode()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
    Map<String, Object> report = JsonOutput.object(JsonOutput.parse(differs.out()));
    assertThat(report.get("original")).isEqualTo(bad.toString());
    assertThat(report.get("rewritten")).isEqualTo(a);
  }

  /** Files as polygraphy run --save-inputs / --save-outputs write them (see PolygraphyJson). */
  @Test
  void polygraphyFilesAreChecked() throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    String b = TestModels.write(addModel(1.5f), dir.resolve("b.onnx")).toString();
    java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
    Path inputs = dir.resolve("inputs.json");
    Files.writeString(inputs, "[{\"x\": {\"array\": \"" + base64.encodeToString(npyV2BigEndian(new float[] {1f, -2f, 0.5f, 8f}))
        + "\", \"polygraphy_class\": \"ndarray\"}}]");
    Path outputs = dir.resolve("outputs.json");
    Files.writeString(outputs, "{\"lst\": [[\"onnxrt-runner-N0\", [{\"outputs\": {\"y\": {\"values\": {\"array\": \""
        + base64.encodeToString(npyV2BigEndian(new float[] {2f, -1f, 1.5f, 9f}))
        + "\", \"polygraphy_class\": \"ndarray\"}, \"polygraphy_class\": \"LazyArray\"}}, \"runtime\": 0.001, "
        + "\"runner_name\": \"onnxrt-runner-N0\", \"polygraphy_class\": \"IterationResult\"}]]], "
        + "\"polygraphy_class\": \"RunResults\"}");

    Cli.Result same = Cli.run("validate", a, "--load-outputs", outputs.toString(), "--load-inputs", inputs.toString(),
        "--atol", "0", "--rtol", "0");
    Cli.Result changed = Cli.run("validate", b, "--load-outputs", outputs.toString(), "--load-inputs", inputs.toString());

    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
    assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(ExitCodes.OUTPUTS_DIFFER);
  }

  @Test
  void aPlainArchiveOfOutputsTakesItsInputsFromInputs() throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    Path outputs = dir.resolve("outputs.npz");
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("y", DenseTensor.ofFloats("y", new long[] {2, 2}, 1f, 2f, 3f, 4f));
    NpzFormat.write(m, outputs, false);
    Path xs = dir.resolve("x.npy");
    NpyFormat.write(DenseTensor.ofFloats("x", new long[] {2, 2}, 0f, 1f, 2f, 3f), xs);

    Cli.Result r = Cli.run("validate", a, "--load-outputs", outputs.toString(), "--load-inputs", xs.toString());
    Cli.Result noInputs = Cli.run("validate", a, "--load-outputs", outputs.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("not compared"); // z is not in the file
    assertThat(noInputs.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noInputs.err()).contains("'x'").contains("--load-inputs");
  }

  @Test
  void dynamicDimsTakeTheSizesGiven() throws IOException {
    String relu = TestModels.write(TestModels.relu(), dir.resolve("relu.onnx")).toString(); // x: float[batch,3]
    Path shaped = dir.resolve("shaped.npz");
    Path dimmed = dir.resolve("dimmed.json");
    Path given = dir.resolve("given.npz");
    Path xs = dir.resolve("x.npy");
    NpyFormat.write(DenseTensor.ofFloats("x", new long[] {1, 3}, -1f, 0f, 2f), xs);

    Cli.Result byShape = Cli.run("run", relu, "--input-shape", "x=5x3", "--save-outputs", shaped.toString());
    Cli.Result byDims = Cli.run("run", relu, "--dims", "batch=4", "--save-outputs", dimmed.toString());
    Cli.Result byData = Cli.run("run", relu, "--load-inputs", xs.toString(), "--save-outputs", given.toString());
    Cli.Result twoSizes = Cli.run("run", relu, "--dims", "batch=1,2");

    assertThat(byShape.exitCode()).as(byShape.err()).isEqualTo(ExitCodes.OK);
    assertThat(byShape.out()).contains("batch=5");
    assertThat(SavedRunFormat.read(shaped, Map.of()).outputs().get("y").dims()).containsExactly(5, 3);
    assertThat(byDims.exitCode()).as(byDims.err()).isEqualTo(ExitCodes.OK);
    assertThat(SavedRunFormat.read(dimmed, Map.of()).inputs().get("x").dims()).containsExactly(4, 3);
    assertThat(byData.exitCode()).as(byData.err()).isEqualTo(ExitCodes.OK);
    SavedRun fromData = SavedRunFormat.read(given, Map.of());
    assertThat(fromData.inputs().get("x").toFloatArray()).containsExactly(-1f, 0f, 2f);
    assertThat(fromData.outputs().get("y").toFloatArray()).containsExactly(0f, 0f, 2f); // Relu, by hand
    assertThat(twoSizes.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(twoSizes.err()).contains("give one size");
  }

  @Test
  void runReportsAsJson() throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    Cli.Result r = Cli.run("run", a, "--json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> o = JsonOutput.object(JsonOutput.parse(r.out()));
    assertThat(o.get("model")).isEqualTo(a);
    assertThat(o.get("savedTo")).isNull();
    List<Object> outputs = JsonOutput.array(o.get("outputs"));
    assertThat(JsonOutput.object(outputs.get(0))).containsEntry("name", "y").containsEntry("dtype", "float")
        .containsEntry("shape", List.of(2L, 2L));
  }

  @Test
  void usageErrorsAreOneLine() throws IOException {
    String a = TestModels.write(addModel(1f), dir.resolve("a.onnx")).toString();
    Path saved = dir.resolve("s.npz");
    assertThat(Cli.run("run", a, "--save-outputs", saved.toString()).exitCode()).isEqualTo(ExitCodes.OK);

    Cli.Result two = Cli.run("validate", a, a, "--load-outputs", saved.toString());
    Cli.Result none = Cli.run("validate", a);
    Cli.Result wrongExt = Cli.run("run", a, "--save-outputs", dir.resolve("s.txt").toString());
    Cli.Result tooBig = Cli.run("run", a, "--save-outputs", dir.resolve("big.npz").toString(), "--max-save-bytes", "16");
    Cli.Result badShape = Cli.run("run", a, "--input-shape", "x=3x2");

    assertThat(two.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(two.err()).contains("checks one model");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("--load-outputs");
    assertThat(wrongExt.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrongExt.err()).contains(".npz or a .json");
    assertThat(tooBig.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(tooBig.err()).contains("--max-save-bytes");
    assertThat(dir.resolve("big.npz")).doesNotExist();
    assertThat(badShape.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badShape.err()).contains("axis 0 is 2 in the model");
    for (Cli.Result r : List.of(two, none, wrongExt, tooBig, badShape)) {
      // One line of error (usage errors add picocli's "Try ... --help" line), no stack trace.
      assertThat(r.err()).startsWith("error:").doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(r.err().lines().filter(l -> !l.startsWith("Try ")).count()).as(r.err()).isEqualTo(1);
    }
  }

  private static byte[] bytes(Tensor t) {
    ByteBuffer b = t.data();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** A .npz of inputs/x (big-endian float32, .npy version 2.0), outputs/y and outputs/z = x. */
  private static Path python(Path file, float[] x, float[] y) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("inputs/x.npy", npyV2BigEndian(x));
    entries.put("outputs/y.npy", NpyFormat.toBytes(DenseTensor.ofFloats("y", new long[] {2, 2}, y)));
    entries.put("outputs/z.npy", npyV2BigEndian(x));
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  private static byte[] npyV2BigEndian(float[] values) {
    String dict = "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }";
    int length = 128 - 12; // the data starts at byte 128, a multiple of 64
    ByteBuffer b = ByteBuffer.allocate(128 + 4 * values.length);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(length).order(ByteOrder.BIG_ENDIAN);
    b.put((dict + " ".repeat(length - dict.length() - 1) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
