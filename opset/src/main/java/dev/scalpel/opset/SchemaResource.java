package dev.scalpel.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.opset.proto.SchemaProto;
import dev.scalpel.opset.proto.SchemaProto.AttributeEntry;
import dev.scalpel.opset.proto.SchemaProto.FormalParameterEntry;
import dev.scalpel.opset.proto.SchemaProto.FunctionBodyEntry;
import dev.scalpel.opset.proto.SchemaProto.OpSchemaEntry;
import dev.scalpel.opset.proto.SchemaProto.TypeConstraintEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the bundled schema resource and converts its entries into {@link OpSchema}s.
 *
 * <p>{@code opset/tools/dump_schemas.py} writes the schemas as a {@code SchemaSet} in protobuf text
 * format, gzipped ({@code opset/tools/schemas.textproto.gz}, the reviewable source); {@code
 * SchemaResourceCompiler} (test sources) turns that into the binary resource bundled here. Invariant,
 * checked by {@code SchemaResourceTest}: the binary resource is exactly the parsed text.
 *
 * <p>NOTE: the binary form, because parsing the text format in a cold JVM took about 0.35 s of every
 * command's start (the text parser works through descriptors and reflection); the binary parse
 * takes about 0.1 s, most of it loading the generated classes.
 */
final class SchemaResource {
  /** Classpath location of the resource shipped with this module. */
  static final String PATH = "/dev/scalpel/opset/schemas.pb.gz";

  /** The schemas and the onnx version they were read from. */
  record Contents(String onnxVersion, List<OpSchema> schemas) {}

  private SchemaResource() {}

  static Contents loadBundled() {
    try (InputStream raw = SchemaResource.class.getResourceAsStream(PATH)) {
      if (raw == null) {
        throw new IllegalStateException("schema resource " + PATH + " is missing from the classpath");
      }
      return contents(SchemaProto.SchemaSet.parseFrom(new GZIPInputStream(raw, 1 << 16)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + PATH, e);
    }
  }

  static Contents contents(SchemaProto.SchemaSet set) {
    List<OpSchema> schemas = new ArrayList<>(set.getSchemaCount());
    for (OpSchemaEntry e : set.getSchemaList()) {
      schemas.add(convert(e));
    }
    return new Contents(set.getOnnxVersion(), schemas);
  }

  static OpSchema convert(OpSchemaEntry e) {
    OpSchema.Builder b = OpSchema.builder(new OpId(e.getDomain(), e.getName()), e.getSinceVersion())
        .deprecated(e.getDeprecated())
        .bounds(e.getMinInput(), e.getMaxInput(), e.getMinOutput(), e.getMaxOutput())
        .function(e.getHasFunction(), e.getHasContextDependentFunction());
    for (FormalParameterEntry p : e.getInputList()) {
      b.input(parameter(p));
    }
    for (FormalParameterEntry p : e.getOutputList()) {
      b.output(parameter(p));
    }
    for (TypeConstraintEntry c : e.getTypeConstraintList()) {
      b.typeConstraint(TypeConstraint.of(c.getTypeParam(), c.getAllowedTypeList()));
    }
    for (AttributeEntry a : e.getAttributeList()) {
      Attribute.Type type = Attribute.Type.fromCode(a.getType());
      b.attribute(new AttributeSpec(a.getName(), type, a.getRequired(),
          a.hasDefaultValue()
              ? DefaultValueDecoder.decode(a.getName(), type, a.getDefaultValue().toByteArray())
              : java.util.Optional.empty()));
    }
    for (FunctionBodyEntry f : e.getFunctionBodyList()) {
      b.functionBody(f.getOpsetVersion(), f.getFunctionProto().toByteArray());
    }
    return b.build();
  }

  private static FormalParameter parameter(FormalParameterEntry p) {
    FormalParameter.Arity arity = switch (p.getOption()) {
      case SINGLE -> FormalParameter.Arity.SINGLE;
      case OPTIONAL -> FormalParameter.Arity.OPTIONAL;
      case VARIADIC -> FormalParameter.Arity.VARIADIC;
    };
    return new FormalParameter(p.getName(), p.getTypeStr(), arity, p.getIsHomogeneous(), p.getMinArity());
  }
}
