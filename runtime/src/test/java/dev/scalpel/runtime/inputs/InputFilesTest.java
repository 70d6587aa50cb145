package dev.scalpel.runtime.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.TensorWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
  @TempDir Path dir;

  @Test
  void loadsEveryFormatAndMergesThem() throws IOException {
    Path npy = dir.resolve("ids.npy");
    NpyFormat.write(DenseTensor.vector("whatever", 1, 2), npy);
    Path renamed = dir.resolve("other.NPY");
    NpyFormat.write(DenseTensor.vector("", 3), renamed);
    Path npz = dir.resolve("batch.npz");
    NpzFormat.write(Map.of("pixels", DenseTensor.ofFloats("pixels", new long[] {1}, 0.5f)), npz, true);
    Path pbNamed = dir.resolve("input_0.pb");
    TensorWriter.write(DenseTensor.ofFloats("attention", new long[] {2}, 1, 0), pbNamed);
    Path pbUnnamed = dir.resolve("input_1.pb");
    TensorWriter.write(DenseTensor.ofInts("", new long[] {1}, 7), pbUnnamed);
    Path pbRenamed = dir.resolve("input_2.pb");
    TensorWriter.write(DenseTensor.ofInts("old", new long[] {1}, 8), pbRenamed);
    Path json = dir.resolve("rest.json");
    Files.writeString(json, "{\"temperature\": 0.7, \"steps\": [1, 2]}");

    Map<String, Tensor> inputs = InputFiles.load(List.of(InputFile.of(npy), InputFile.parse("tokens=" + renamed),
        InputFile.of(npz), InputFile.of(pbNamed), InputFile.of(pbUnnamed), InputFile.parse("new=" + pbRenamed),
        InputFile.of(json)), Map.of("steps", DataType.INT32));

    assertThat(inputs.keySet()).containsExactly("ids", "tokens", "pixels", "attention", "input_1", "new", "temperature", "steps");
    inputs.forEach((name, t) -> assertThat(t.name()).as(name).isEqualTo(name));
    assertThat(inputs.get("ids").toLongArray()).containsExactly(1, 2);
    assertThat(inputs.get("tokens").toLongArray()).containsExactly(3);
    assertThat(inputs.get("attention").toFloatArray()).containsExactly(1, 0);
    assertThat(inputs.get("input_1").toLongArray()).containsExactly(7);
    assertThat(inputs.get("new").toLongArray()).containsExactly(8);
    assertThat(inputs.get("steps").dataType()).isEqualTo(DataType.INT32);
  }

  @Test
  void refusesANameGivenTwice() throws IOException {
    Path a = dir.resolve("x.npy");
    NpyFormat.write(DenseTensor.vector("x", 1), a);
    Path b = dir.resolve("b.json");
    Files.writeString(b, "{\"x\": [1]}");
    assertThatThrownBy(() -> InputFiles.load(List.of(InputFile.of(a), InputFile.of(b))))
        .isInstanceOf(InputDataException.class)
        .hasMessage("input 'x' is given twice: by " + a + " and by " + b);
  }

  @Test
  void everyFailureIsAnInputDataExceptionNamingTheFile() throws IOException {
    Path missing = dir.resolve("missing.npy");
    refused(InputFile.of(missing), missing + ": no such file");
    Path txt = dir.resolve("x.txt");
    Files.writeString(txt, "1 2 3");
    refused(InputFile.of(txt), "unknown input file type");
    Path npz = dir.resolve("a.npz");
    NpzFormat.write(Map.of("a", DenseTensor.vector("a", 1)), npz, false);
    refused(InputFile.parse("name=" + npz), "a NAME= prefix names one tensor");
    Path pb = dir.resolve("bad.pb");
    Files.write(pb, new byte[] {(byte) 0xff, (byte) 0xff});
    refused(InputFile.of(pb), pb + " is not a valid ONNX TensorProto");
    refused(InputFile.of(dir), "is a folder");
  }

  @Test
  void parsesInputSpecs() throws IOException {
    assertThat(InputFile.parse("a.npy")).isEqualTo(new InputFile(null, Path.of("a.npy")));
    assertThat(InputFile.parse("ids=data/a=b.npy")).isEqualTo(new InputFile("ids", Path.of("data/a=b.npy")));
    Path odd = dir.resolve("k=v.npy");
    Files.write(odd, new byte[0]);
    assertThat(InputFile.parse(odd.toString()).name()).as("an existing file is a path").isNull();
    assertThatThrownBy(() -> InputFile.parse("=a.npy")).isInstanceOf(InputDataException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> InputFile.parse("x=")).isInstanceOf(InputDataException.class).hasMessageContaining("no file");
    assertThatThrownBy(() -> InputFile.parse("")).isInstanceOf(InputDataException.class);
  }

  private static void refused(InputFile spec, String message) {
    assertThatThrownBy(() -> InputFiles.load(List.of(spec))).isInstanceOf(InputDataException.class)
        .hasMessageContaining(message);
  }
}
