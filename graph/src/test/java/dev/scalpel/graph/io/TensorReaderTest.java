package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.proto.OnnxProto.StringStringEntryProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorReaderTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"UNDEFINED", "STRING"}, mode = EnumSource.Mode.EXCLUDE)
  void everyFixedWidthTypeRoundTripsThroughAFile(DataType type) throws IOException {
    long[] dims = {2, 3};
    byte[] bytes = new byte[(int) type.byteSize(6)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 37 + 1);
    }
    Tensor original = DenseTensor.wrap("x", type, dims, ByteBuffer.wrap(bytes));
    Path file = dir.resolve("input_0.pb");
    TensorWriter.write(original, file);

    Tensor read = TensorReader.read(file);
    assertThat(read.name()).isEqualTo("x");
    assertThat(read.dataType()).isEqualTo(type);
    assertThat(read.dims()).containsExactly(2, 3);
    assertThat(bytesOf(read)).isEqualTo(bytes);
  }

  @Test
  void stringAndScalarTensorsRoundTrip() {
    Tensor s = DenseTensor.ofStrings("s", new long[] {2}, List.of("ab".getBytes(), "".getBytes()));
    Tensor read = TensorReader.read(TensorWriter.toBytes(s));
    assertThat(read.dataType()).isEqualTo(DataType.STRING);
    assertThat(read.strings()).extracting(String::new).containsExactly("ab", "");

    Tensor scalar = TensorReader.read(TensorWriter.toBytes(DenseTensor.ofFloats("", new long[0], 2.5f)));
    assertThat(scalar.dims()).isEmpty();
    assertThat(scalar.toFloatArray()).containsExactly(2.5f);
  }

  @Test
  void typedFieldDataIsPacked() {
    TensorProto p = TensorProto.newBuilder().setName("t").setDataType(DataType.INT64.code())
        .addDims(3).addInt64Data(1).addInt64Data(-2).addInt64Data(3).build();
    assertThat(TensorReader.read(p.toByteArray()).toLongArray()).containsExactly(1, -2, 3);
  }

  @Test
  void externalDataIsResolvedNextToTheFile() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(2f);
    Files.write(dir.resolve("x.bin"), data.array());
    TensorProto p = external("x.bin");
    Path file = dir.resolve("x.pb");
    Files.write(file, p.toByteArray());

    Tensor t = TensorReader.read(file);
    assertThat(t.toFloatArray()).containsExactly(1f, 2f);
    // Written back standalone: the data comes inline.
    assertThat(TensorReader.read(TensorWriter.toBytes(t)).toFloatArray()).containsExactly(1f, 2f);
  }

  @Test
  void externalDataIsRefusedWithoutAFolderOrOutsideIt() throws IOException {
    assertThatThrownBy(() -> TensorReader.read(external("x.bin").toByteArray()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tensor bytes").hasMessageContaining("not read from a file");
    Path file = dir.resolve("y.pb");
    Files.write(file, external("../x.bin").toByteArray());
    assertThatThrownBy(() -> TensorReader.read(file))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("'..'");
    Files.write(file, external("missing.bin").toByteArray());
    assertThatThrownBy(() -> TensorReader.read(file))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("not found");
  }

  @Test
  void malformedTensorsAreRefusedNamingTheFile() throws IOException {
    Path file = dir.resolve("bad.pb");
    assertRefused(file, new byte[0], "is empty");
    assertRefused(file, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, "not a valid ONNX TensorProto");
    byte[] good = TensorWriter.toBytes(DenseTensor.ofFloats("x", new long[] {4}, 1, 2, 3, 4));
    assertRefused(file, Arrays.copyOf(good, good.length - 3), "not a valid ONNX TensorProto");
    assertRefused(file, TensorProto.newBuilder().setName("x").addDims(2).build().toByteArray(), "declares no data type");
    assertRefused(file, TensorProto.newBuilder().setName("x").setDataType(99).build().toByteArray(), "unknown element type 99");
    assertRefused(file, TensorProto.newBuilder().setName("x").setDataType(1).addDims(3)
        .setRawData(ByteString.copyFrom(new byte[8])).build().toByteArray(), "raw_data holds 8 bytes");
    assertRefused(file, TensorProto.newBuilder().setName("x").setDataType(1).addDims(-1).build().toByteArray(),
        "negative dimension");
    assertRefused(file, TensorProto.newBuilder().setName("x").setDataType(1).addDims(2).addFloatData(1).build().toByteArray(),
        "holds 1");
  }

  private static void assertRefused(Path file, byte[] bytes, String message) throws IOException {
    Files.write(file, bytes);
    assertThatThrownBy(() -> TensorReader.read(file))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(message);
  }

  private static TensorProto external(String location) {
    return TensorProto.newBuilder().setName("x").setDataType(DataType.FLOAT.code()).addDims(2)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
        .build();
  }

  private static byte[] bytesOf(Tensor t) {
    ByteBuffer b = t.data();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
