package dev.scalpel.opset;

import com.google.protobuf.TextFormat;
import dev.scalpel.opset.proto.SchemaProto;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Compiles the schema source ({@code opset/tools/schemas.textproto.gz}, protobuf text format as
 * {@code dump_schemas.py} writes it) into the binary resource {@link SchemaResource} bundles:
 * {@code SchemaResourceCompiler TEXT.gz OUT.pb.gz}, run from the module folder after a new dump (see
 * {@code opset/tools/README.md}). The output depends only on the input (gzip with no name or time).
 */
public final class SchemaResourceCompiler {
  /** The schema source, relative to the opset module's folder. */
  static final Path TEXT = Path.of("tools", "schemas.textproto.gz");
  /** The bundled binary resource, relative to the opset module's folder. */
  static final Path BINARY = Path.of("src", "main", "resources").resolve(SchemaResource.PATH.substring(1));

  private SchemaResourceCompiler() {}

  /** The schema set of a gzipped text-format file. */
  static SchemaProto.SchemaSet readText(Path textGz) throws IOException {
    try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(textGz), 1 << 16),
        StandardCharsets.UTF_8)) {
      SchemaProto.SchemaSet.Builder set = SchemaProto.SchemaSet.newBuilder();
      TextFormat.getParser().merge(in, set);
      return set.build();
    }
  }

  public static void main(String[] args) throws IOException {
    Path text = args.length > 0 ? Path.of(args[0]) : TEXT;
    Path out = args.length > 1 ? Path.of(args[1]) : BINARY;
    SchemaProto.SchemaSet set = readText(text);
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out), 1 << 16)) {
      set.writeTo(o);
    }
    System.out.println("wrote " + out + ": " + set.getSchemaCount() + " schemas, " + Files.size(out) + " bytes");
  }
}
