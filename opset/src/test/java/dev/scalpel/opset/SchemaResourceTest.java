package dev.scalpel.opset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.opset.proto.SchemaProto;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class SchemaResourceTest {
  @Test
  void theBundledBinaryResourceIsExactlyTheCompiledTextSource() throws IOException {
    SchemaProto.SchemaSet text = SchemaResourceCompiler.readText(SchemaResourceCompiler.TEXT);
    SchemaProto.SchemaSet binary;
    try (InputStream raw = SchemaResource.class.getResourceAsStream(SchemaResource.PATH)) {
      assertThat(raw).as(SchemaResource.PATH).isNotNull();
      binary = SchemaProto.SchemaSet.parseFrom(new GZIPInputStream(raw));
    }
    // After a new dump_schemas.py run, SchemaResourceCompiler makes the binary resource again.
    assertThat(binary).isEqualTo(text);
    assertThat(binary.getSchemaCount()).isEqualTo(659); // onnx 1.23.1, as opset/tools/README.md says
  }
}
