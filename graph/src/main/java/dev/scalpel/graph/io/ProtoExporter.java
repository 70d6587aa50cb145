package dev.scalpel.graph.io;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.SparseTensor;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.FunctionProto;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.NodeProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import dev.scalpel.graph.io.proto.OnnxProto.SparseTensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.StringStringEntryProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorShapeProto;
import dev.scalpel.graph.io.proto.OnnxProto.TypeProto;
import dev.scalpel.graph.io.proto.OnnxProto.ValueInfoProto;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts the IR back into a {@code ModelProto}. Elements read from a file start from their
 * {@link Unmodeled} residual, so fields the IR does not model come back unchanged; tensors read
 * from a file are re-emitted as the very messages that were parsed. Initializers that the {@link
 * ExternalDataPlan} places externally get {@code external_data} entries instead of data.
 */
final class ProtoExporter {
  private static final Set<String> LAYOUT_KEYS = Set.of("location", "offset", "length", "checksum", "basepath");

  private final ExternalDataPlan plan;
  private final Map<TensorProto, SourceRegion> sourceRegions = new java.util.IdentityHashMap<>();

  ProtoExporter(ExternalDataPlan plan) {
    this.plan = plan;
  }

  /**
   * The emitted initializer messages whose raw_data is, unchanged, a region of the file the model
   * was read from (keyed by message identity).
   */
  Map<TensorProto, SourceRegion> sourceRegions() {
    return sourceRegions;
  }

  ModelProto exportModel(Model m) {
    ModelProto.Builder b = ModelProto.newBuilder();
    merge(b, m.unmodeled());
    if (m.hasIrVersion()) {
      b.setIrVersion(m.irVersion());
    }
    writeOpsets(m.opsetImports(), b::addOpsetImport);
    if (m.hasProducerName()) {
      b.setProducerName(m.producerName());
    }
    if (m.hasProducerVersion()) {
      b.setProducerVersion(m.producerVersion());
    }
    if (m.hasDomain()) {
      b.setDomain(m.domain());
    }
    if (m.hasModelVersion()) {
      b.setModelVersion(m.modelVersion());
    }
    if (m.hasDocString()) {
      b.setDocString(m.docString());
    }
    b.setGraph(exportGraph(m.graph()));
    writeMetadata(m.hasMetadataProps() ? m.metadataProps() : Map.of(), b::addMetadataProps);
    for (Function f : m.functions()) {
      b.addFunctions(exportFunction(f));
    }
    return b.build();
  }

  private static void writeOpsets(OpsetImports imports, java.util.function.Consumer<OperatorSetIdProto> sink) {
    for (Map.Entry<String, Long> e : imports.asMap().entrySet()) {
      OperatorSetIdProto.Builder b = OperatorSetIdProto.newBuilder().setVersion(e.getValue());
      if (!(e.getKey().isEmpty() && imports.isDefaultDomainUnnamed())) {
        b.setDomain(e.getKey());
      }
      sink.accept(b.build());
    }
  }

  private static void writeMetadata(Map<String, String> props, java.util.function.Consumer<StringStringEntryProto> sink) {
    for (Map.Entry<String, String> e : props.entrySet()) {
      sink.accept(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build());
    }
  }

  private FunctionProto exportFunction(Function f) {
    FunctionProto.Builder b = FunctionProto.newBuilder();
    merge(b, f.unmodeled());
    b.setName(f.name());
    Graph body = f.body();
    for (Value v : body.inputs()) {
      b.addInput(v.name());
    }
    for (Value v : body.outputs()) {
      b.addOutput(v.name());
    }
    b.addAllAttribute(f.attributeNames());
    for (Attribute a : f.attributeDefaults()) {
      b.addAttributeProto(exportAttribute(a));
    }
    for (Node n : body) {
      b.addNode(exportNode(n));
    }
    if (f.hasDocString()) {
      b.setDocString(f.docString());
    }
    writeOpsets(f.opsetImports(), b::addOpsetImport);
    b.setDomain(f.domain());
    if (f.hasOverload()) {
      b.setOverload(f.overload());
    }
    for (Value v : declaredValues(body)) {
      b.addValueInfo(exportValueInfo(v));
    }
    writeMetadata(f.hasMetadataProps() ? f.metadataProps() : Map.of(), b::addMetadataProps);
    return b.build();
  }

  GraphProto exportGraph(Graph g) {
    GraphProto.Builder b = GraphProto.newBuilder();
    merge(b, g.unmodeled());
    for (Node n : g) {
      b.addNode(exportNode(n));
    }
    if (g.hasName()) {
      b.setName(g.name());
    }
    for (Value v : g.initializers()) {
      b.addInitializer(exportInitializer(v));
    }
    for (Value v : g.sparseInitializers()) {
      b.addSparseInitializer(exportSparse(v.sparseInitializer().orElseThrow(), v.name()));
    }
    if (g.hasDocString()) {
      b.setDocString(g.docString());
    }
    for (Value v : g.inputs()) {
      b.addInput(exportValueInfo(v));
    }
    for (Value v : g.outputs()) {
      b.addOutput(exportValueInfo(v));
    }
    for (Value v : declaredValues(g)) {
      b.addValueInfo(exportValueInfo(v));
    }
    writeMetadata(g.hasMetadataProps() ? g.metadataProps() : Map.of(), b::addMetadataProps);
    return b.build();
  }

  /**
   * The values whose types the graph declares: its declarations in order (minus those of values a
   * removed node produced), then typed node outputs that are not declared yet and are not outputs.
   */
  private static List<Value> declaredValues(Graph g) {
    List<Value> out = new java.util.ArrayList<>();
    Set<Value> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Value v : g.valueInfos()) {
      if (v.producer() != null && v.producer().graph() != g) {
        continue;
      }
      if (seen.add(v)) {
        out.add(v);
      }
    }
    for (Node n : g) {
      for (Value v : n.outputs()) {
        if (v.type() != null && !v.name().isEmpty() && !v.isGraphOutput() && seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private NodeProto exportNode(Node n) {
    NodeProto.Builder b = NodeProto.newBuilder();
    merge(b, n.unmodeled());
    for (Value v : n.inputs()) {
      b.addInput(v == null ? "" : v.name());
    }
    for (Value v : n.outputs()) {
      b.addOutput(v.name());
    }
    if (n.hasName()) {
      b.setName(n.name());
    }
    b.setOpType(n.opType());
    if (n.hasDomain()) {
      b.setDomain(n.domain());
    }
    if (n.hasOverload()) {
      b.setOverload(n.overload());
    }
    for (Attribute a : n.attributes().values()) {
      b.addAttribute(exportAttribute(a));
    }
    if (n.hasDocString()) {
      b.setDocString(n.docString());
    }
    writeMetadata(n.hasMetadataProps() ? n.metadataProps() : Map.of(), b::addMetadataProps);
    return b.build();
  }

  private AttributeProto exportAttribute(Attribute a) {
    AttributeProto.Builder b = AttributeProto.newBuilder();
    merge(b, a.unmodeled());
    b.setName(a.name());
    if (!a.unmodeled().isFromSource() && a.type() != Attribute.Type.UNDEFINED) {
      b.setType(AttributeProto.AttributeType.forNumber(a.type().code()));
    }
    if (a instanceof Attribute.FloatAttr x) {
      b.setF(x.value());
    } else if (a instanceof Attribute.IntAttr x) {
      b.setI(x.value());
    } else if (a instanceof Attribute.StringAttr x) {
      b.setS(ByteString.copyFromUtf8(x.value()));
    } else if (a instanceof Attribute.TensorAttr x) {
      b.setT(inlineTensor(x.value(), x.value().name()));
    } else if (a instanceof Attribute.GraphAttr x) {
      b.setG(exportGraph(x.value()));
    } else if (a instanceof Attribute.SparseTensorAttr x) {
      b.setSparseTensor(exportSparse(x.value(), null));
    } else if (a instanceof Attribute.TypeAttr x) {
      b.setTp(exportType(x.value()));
    } else if (a instanceof Attribute.FloatsAttr x) {
      b.addAllFloats(x.value());
    } else if (a instanceof Attribute.IntsAttr x) {
      b.addAllInts(x.value());
    } else if (a instanceof Attribute.StringsAttr x) {
      x.value().forEach(str -> b.addStrings(ByteString.copyFromUtf8(str)));
    } else if (a instanceof Attribute.TensorsAttr x) {
      x.value().forEach(t -> b.addTensors(inlineTensor(t, t.name())));
    } else if (a instanceof Attribute.GraphsAttr x) {
      x.value().forEach(g -> b.addGraphs(exportGraph(g)));
    } else if (a instanceof Attribute.SparseTensorsAttr x) {
      x.value().forEach(sp -> b.addSparseTensors(exportSparse(sp, null)));
    } else if (a instanceof Attribute.TypesAttr x) {
      x.value().forEach(t -> b.addTypeProtos(exportType(t)));
    } else if (a instanceof Attribute.RefAttr x) {
      b.setRefAttrName(x.referencedName());
      if (!x.unmodeled().isFromSource() && x.type() != Attribute.Type.UNDEFINED) {
        b.setType(AttributeProto.AttributeType.forNumber(x.type().code()));
      }
    }
    return b.build();
  }

  private ValueInfoProto exportValueInfo(Value v) {
    ValueInfoProto.Builder b = ValueInfoProto.newBuilder();
    merge(b, v.unmodeled());
    b.setName(v.name());
    var source = v.sourceTypeEncoding();
    if (source.isPresent()) {
      try {
        b.setType(TypeProto.parseFrom(source.get().encoding()));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("kept type encoding of '" + v.name() + "' is corrupt", e);
      }
    } else if (v.type() != null) {
      b.setType(exportType(v.type()));
    }
    if (v.hasDocString()) {
      b.setDocString(v.docString());
    }
    writeMetadata(v.hasMetadataProps() ? v.metadataProps() : Map.of(), b::addMetadataProps);
    return b.build();
  }

  static TypeProto exportType(ValueType t) {
    TypeProto.Builder b = TypeProto.newBuilder();
    if (t instanceof ValueType.TensorType x) {
      TypeProto.Tensor.Builder tb = TypeProto.Tensor.newBuilder().setElemType(x.elementType().code());
      if (x.shape() != null) {
        tb.setShape(exportShape(x.shape()));
      }
      b.setTensorType(tb);
    } else if (t instanceof ValueType.SparseTensorType x) {
      TypeProto.SparseTensor.Builder tb = TypeProto.SparseTensor.newBuilder().setElemType(x.elementType().code());
      if (x.shape() != null) {
        tb.setShape(exportShape(x.shape()));
      }
      b.setSparseTensorType(tb);
    } else if (t instanceof ValueType.SequenceType x) {
      TypeProto.Sequence.Builder sb = TypeProto.Sequence.newBuilder();
      if (x.elementType() != null) {
        sb.setElemType(exportType(x.elementType()));
      }
      b.setSequenceType(sb);
    } else if (t instanceof ValueType.MapType x) {
      TypeProto.Map.Builder mb = TypeProto.Map.newBuilder().setKeyType(x.keyType().code());
      if (x.valueType() != null) {
        mb.setValueType(exportType(x.valueType()));
      }
      b.setMapType(mb);
    } else if (t instanceof ValueType.OptionalType x) {
      TypeProto.Optional.Builder ob = TypeProto.Optional.newBuilder();
      if (x.elementType() != null) {
        ob.setElemType(exportType(x.elementType()));
      }
      b.setOptionalType(ob);
    } else if (t instanceof ValueType.OpaqueType x) {
      b.setOpaqueType(TypeProto.Opaque.newBuilder().setDomain(x.domain()).setName(x.name()));
    }
    if (t.denotation() != null) {
      b.setDenotation(t.denotation());
    }
    return b.build();
  }

  static TensorShapeProto exportShape(Shape s) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (int i = 0; i < s.rank(); i++) {
      TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
      Dim dim = s.dim(i);
      if (dim instanceof Dim.Static x) {
        d.setDimValue(x.value());
      } else if (dim instanceof Dim.Symbolic x) {
        d.setDimParam(x.name());
      }
      if (s.denotation(i) != null) {
        d.setDenotation(s.denotation(i));
      }
      b.addDim(d);
    }
    return b.build();
  }

  private TensorProto exportInitializer(Value v) {
    Tensor t = v.initializer().orElseThrow();
    ExternalDataPlan.Placement p = plan.placement(v);
    if (p == null) {
      TensorProto inline = inlineTensor(t, v.name());
      if (t instanceof ProtoTensor pt && pt.sourceRegion() != null && inline == pt.proto()) {
        sourceRegions.put(inline, pt.sourceRegion());
      }
      return inline;
    }
    TensorProto.Builder b = descriptor(t, v.name());
    b.clearExternalData();
    if (t instanceof ExternalTensor ext) {
      // Keep entries we do not manage (user annotations); ours are rewritten below.
      try {
        for (StringStringEntryProto e : TensorProto.parseFrom(ext.descriptor().encoding()).getExternalDataList()) {
          if (!LAYOUT_KEYS.contains(e.getKey())) {
            b.addExternalData(e);
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    b.addExternalData(entry("location", p.fileName()));
    b.addExternalData(entry("offset", Long.toString(p.offset())));
    b.addExternalData(entry("length", Long.toString(p.length())));
    b.setDataLocation(TensorProto.DataLocation.EXTERNAL);
    return b.build();
  }

  private static StringStringEntryProto entry(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }

  /** A data-less TensorProto for {@code t}: dims, type, name and its source's other fields. */
  private static TensorProto.Builder descriptor(Tensor t, String name) {
    TensorProto.Builder b;
    if (t instanceof ProtoTensor pt) {
      b = pt.proto().toBuilder().clearRawData().clearFloatData().clearInt32Data().clearInt64Data()
          .clearDoubleData().clearUint64Data().clearStringData();
    } else if (t instanceof ExternalTensor ext) {
      try {
        b = TensorProto.parseFrom(ext.descriptor().encoding()).toBuilder().clearExternalData().clearDataLocation();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    } else {
      b = TensorProto.newBuilder();
      for (long d : t.dims()) {
        b.addDims(d);
      }
      b.setDataType(t.dataType().code());
    }
    if (name != null && !(name.isEmpty() && !b.hasName())) {
      b.setName(name);
    }
    return b;
  }

  /** The tensor with its data inline; a tensor parsed from a file comes back as the same message. */
  static TensorProto inlineTensor(Tensor t, String name) {
    if (t instanceof ProtoTensor pt) {
      TensorProto p = pt.proto();
      return name == null || p.getName().equals(name) ? p : p.toBuilder().setName(name).build();
    }
    TensorProto.Builder b = descriptor(t, name);
    if (t.dataType() == dev.scalpel.graph.DataType.STRING) {
      for (byte[] s : t.strings()) {
        b.addStringData(ByteString.copyFrom(s));
      }
    } else {
      // NOTE: wraps the buffer (possibly a file mapping) without copying; it is immutable.
      b.setRawData(UnsafeByteOperations.unsafeWrap(t.data()));
    }
    return b.build();
  }

  private static SparseTensorProto exportSparse(SparseTensor s, String name) {
    return SparseTensorProto.newBuilder()
        .setValues(inlineTensor(s.values(), name == null ? s.values().name() : name))
        .setIndices(inlineTensor(s.indices(), s.indices().name()))
        .addAllDims(s.dims())
        .build();
  }

  private static void merge(com.google.protobuf.Message.Builder b, Unmodeled u) {
    byte[] enc = u.encoding();
    if (enc.length > 0) {
      try {
        b.mergeFrom(enc);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("kept residual fields are corrupt", e);
      }
    }
  }

}
