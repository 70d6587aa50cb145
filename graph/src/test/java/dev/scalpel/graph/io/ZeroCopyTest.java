package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a model copies no tensor bytes one by one: inline data is a view of the file mapping (of
 * the file's one heap copy when it is small), external data is mapped lazily.
 */
class ZeroCopyTest {
  @TempDir Path tmp;

  private Model readMixedModel() throws IOException {
    return readMixedModel(MalformedModels.valid());
  }

  private Model readMixedModel(ModelProto proto) throws IOException {
    MalformedModels.writeData(tmp);
    Path p = tmp.resolve(MalformedModels.MODEL);
    Files.write(p, proto.toByteArray());
    return OnnxReader.read(p);
  }

  @Test
  void inlineRawDataOfALargeFileIsAViewOfTheMappedFile() throws IOException {
    ModelProto valid = MalformedModels.valid();
    // An unused initializer makes the file large enough to be mapped rather than copied.
    ModelProto large = valid.toBuilder().setGraph(valid.getGraph().toBuilder().addInitializer(TensorProto.newBuilder()
        .setName("padding").setDataType(TensorProto.DataType.UINT8_VALUE).addDims(ModelFileBytes.HEAP_COPY_BELOW)
        .setRawData(ByteString.copyFrom(new byte[ModelFileBytes.HEAP_COPY_BELOW])))).build();
    Tensor w = readMixedModel(large).graph().initializer("W").orElseThrow().initializer().orElseThrow();
    ByteBuffer data = w.data();
    assertThat(data.isDirect()).as("raw_data aliases the mapped file").isTrue();
    assertThat(data.isReadOnly()).isTrue();
    assertThat(w.toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void inlineRawDataOfASmallFileIsAReadOnlyViewOfItsHeapCopy() throws IOException {
    Tensor w = readMixedModel().graph().initializer("W").orElseThrow().initializer().orElseThrow();
    ByteBuffer data = w.data();
    assertThat(data.isDirect()).as("a small file is copied onto the heap, not mapped").isFalse();
    assertThat(data.isReadOnly()).isTrue();
    // Absolute reads start at the tensor's first byte, not at the heap copy's (the file's) first
    // byte: a reader of element 0 by index must see 1f, as from a mapped file.
    assertThat(data.position()).isZero();
    assertThat(data.remaining()).isEqualTo(16);
    assertThat(data.getFloat(0)).isEqualTo(1f);
    assertThat(data.getFloat(12)).isEqualTo(4f);
    assertThat(w.toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void externalTensorsAreMappedOnlyWhenDataIsFirstRead() throws IOException {
    Model m = readMixedModel();
    ExternalTensor e = (ExternalTensor) m.graph().initializer("E").orElseThrow().initializer().orElseThrow();
    assertThat(e.isMapped()).isFalse();
    assertThat(e.byteSize()).isEqualTo(16);
    assertThat(e.dims()).containsExactly(4);
    assertThat(e.isMapped()).as("type, dims and size need no I/O").isFalse();

    ByteBuffer data = e.data();

    assertThat(e.isMapped()).isTrue();
    assertThat(data.isDirect()).isTrue();
    assertThat(e.toFloatArray()).containsExactly(5f, 6f, 7f, 8f);
  }
}
