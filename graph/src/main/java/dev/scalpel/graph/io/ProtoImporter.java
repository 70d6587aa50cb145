package dev.scalpel.graph.io;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
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
import dev.scalpel.graph.tensor.ExternalDataFile;
import dev.scalpel.graph.tensor.ExternalTensor;
import dev.scalpel.graph.traverse.TopologicalOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a parsed {@code ModelProto} into the IR, checking what the IR relies on: every tensor's
 * dims and data agree, external data is where it may be, every name a node reads is produced, no
 * value has two producers, and graphs have no cycles. Fields the IR does not model are kept as
 * {@link Unmodeled} residuals.
 */
final class ProtoImporter {
  private final ExternalDataLocator locator;
  private final Map<Path, Long> fileSizes = new HashMap<>();
  private final SourceRegion.SourceFile sourceFile;
  private final Map<Integer, long[]> mainGraphRawData;
  /** Whether attributes keep the fields the IR does not model; not for a standalone attribute. */
  private boolean keepAttributeResidue = true;

  ProtoImporter(Path baseDir) {
    this(baseDir, null, Map.of());
  }

  /**
   * @param sourceFile the file the model is read from, or null
   * @param mainGraphRawData where the main graph's initializers keep raw_data in that file, by
   *     initializer index (see {@link RawDataLocator})
   */
  ProtoImporter(Path baseDir, SourceRegion.SourceFile sourceFile, Map<Integer, long[]> mainGraphRawData) {
    this.locator = new ExternalDataLocator(baseDir);
    this.sourceFile = sourceFile;
    this.mainGraphRawData = mainGraphRawData;
  }

  Model importModel(ModelProto p) {
    if (!p.hasGraph()) {
      throw new InvalidModelException("the file holds no graph: not an ONNX model, or truncated");
    }
    if (p.getIrVersion() >= 3 && p.getOpsetImportCount() == 0) {
      throw new InvalidModelException("the model imports no operator set (IR version " + p.getIrVersion()
          + " requires opset_import); the file may be truncated");
    }
    Model m = new Model(importGraph(p.getGraph(), null, "main graph"));
    if (p.hasIrVersion()) {
      m.setIrVersion(p.getIrVersion());
    }
    readOpsets(p.getOpsetImportList(), m.opsetImports());
    if (p.hasProducerName()) {
      m.setProducerName(p.getProducerName());
    }
    if (p.hasProducerVersion()) {
      m.setProducerVersion(p.getProducerVersion());
    }
    if (p.hasDomain()) {
      m.setDomain(p.getDomain());
    }
    if (p.hasModelVersion()) {
      m.setModelVersion(p.getModelVersion());
    }
    if (p.hasDocString()) {
      m.setDocString(p.getDocString());
    }
    readMetadata(p.getMetadataPropsList(), m.metadataProps());
    for (FunctionProto f : p.getFunctionsList()) {
      m.functions().add(importFunction(f));
    }
    m.setUnmodeled(residual(p.toBuilder()
        .clearIrVersion().clearOpsetImport().clearProducerName().clearProducerVersion().clearDomain()
        .clearModelVersion().clearDocString().clearGraph().clearMetadataProps().clearFunctions()
        .build()));
    return m;
  }

  private static void readOpsets(List<OperatorSetIdProto> list, OpsetImports into) {
    for (OperatorSetIdProto o : list) {
      into.set(o.getDomain(), o.getVersion());
      if (!o.hasDomain()) {
        into.setDefaultDomainUnnamed(true);
      }
    }
  }

  private static void readMetadata(List<StringStringEntryProto> list, Map<String, String> into) {
    for (StringStringEntryProto e : list) {
      into.put(e.getKey(), e.getValue());
    }
  }

  /**
   * An attribute read on its own ({@link OnnxReader#readAttribute}): fields the IR does not model
   * are dropped, since there is no file to write them back to; a graph in it has no outer scope.
   */
  Attribute importAttribute(AttributeProto a) {
    keepAttributeResidue = false;
    try {
      return importAttribute(a, new Graph(), new Scope(null), "a standalone attribute");
    } finally {
      keepAttributeResidue = true;
    }
  }

  /** Also used for a function read on its own ({@link OnnxReader#readFunction}). */
  Function importFunction(FunctionProto f) {
    String where = "function " + f.getDomain() + "." + f.getName();
    Graph body = new Graph();
    Scope scope = new Scope(null);
    for (String in : f.getInputList()) {
      Value v = new Value(in);
      body.addInput(v);
      scope.define(in, v, "an input of " + where);
    }
    readNodes(f.getNodeList(), body, scope, where);
    for (ValueInfoProto vi : f.getValueInfoList()) {
      declare(body, scope, vi);
    }
    for (String out : f.getOutputList()) {
      body.addOutput(resolveOutput(scope, out, where));
    }
    checkAcyclic(body);
    Function fn = new Function(f.getDomain(), f.getName(), body);
    if (f.hasOverload()) {
      fn.setOverload(f.getOverload());
    }
    fn.attributeNames().addAll(f.getAttributeList());
    for (AttributeProto a : f.getAttributeProtoList()) {
      fn.attributeDefaults().add(importAttribute(a, body, scope, where));
    }
    readOpsets(f.getOpsetImportList(), fn.opsetImports());
    if (f.hasDocString()) {
      fn.setDocString(f.getDocString());
    }
    readMetadata(f.getMetadataPropsList(), fn.metadataProps());
    fn.setUnmodeled(residual(f.toBuilder()
        .clearName().clearInput().clearOutput().clearAttribute().clearAttributeProto().clearNode()
        .clearDocString().clearOpsetImport().clearDomain().clearOverload().clearValueInfo()
        .clearMetadataProps().build()));
    return fn;
  }

  /** Names visible in one graph, falling back to the enclosing graph's scope. */
  private static final class Scope {
    final Scope parent;
    final Map<String, Value> values = new HashMap<>();
    final Map<String, String> definedBy = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    void define(String name, Value v, String what) {
      String earlier = definedBy.putIfAbsent(name, what);
      if (earlier != null) {
        throw new InvalidModelException("value '" + name + "' is defined twice: as " + earlier + " and as " + what);
      }
      values.put(name, v);
    }

    Value lookup(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        Value v = s.values.get(name);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
  }

  private Graph importGraph(GraphProto p, Scope outer, String where) {
    Graph g = new Graph(p.hasName() ? p.getName() : null);
    String gw = p.hasName() && !p.getName().isEmpty() ? "graph '" + p.getName() + "'" : where;
    Scope scope = new Scope(outer);
    Map<String, Value> inputsByName = new HashMap<>();
    java.util.Set<String> initializerNames = new java.util.HashSet<>();
    for (ValueInfoProto vi : p.getInputList()) {
      Value v = new Value(vi.getName());
      applyValueInfo(v, vi);
      g.addInput(v);
      scope.define(vi.getName(), v, "an input of " + gw);
      inputsByName.put(vi.getName(), v);
    }
    for (int index = 0; index < p.getInitializerCount(); index++) {
      TensorProto t = p.getInitializer(index);
      Value v = inputsByName.get(t.getName());
      if (v == null) {
        v = new Value(t.getName());
        scope.define(t.getName(), v, "an initializer of " + gw);
      } else if (initializerNames.contains(t.getName())) {
        throw new InvalidModelException("initializer '" + t.getName() + "' appears twice in " + gw);
      }
      initializerNames.add(t.getName());
      Tensor tensor = importTensor(t, "initializer");
      long[] range = outer == null ? mainGraphRawData.get(index) : null;
      if (range != null && tensor instanceof ProtoTensor pt && t.hasRawData() && t.getRawData().size() == range[1]) {
        tensor = new ProtoTensor(pt.proto(), pt.dataType(), new SourceRegion(sourceFile, range[0], range[1]));
      }
      g.addInitializer(v, tensor);
    }
    for (SparseTensorProto s : p.getSparseInitializerList()) {
      String name = s.getValues().getName();
      Value v = inputsByName.get(name);
      // NOTE: dense and sparse initializers share one name space; an input's second one (either
      // kind) is refused here, a non-input's by the scope.
      if (v != null && !initializerNames.add(name)) {
        throw new InvalidModelException("initializer '" + name + "' appears twice in " + gw);
      }
      if (v == null) {
        v = new Value(name);
        scope.define(name, v, "a sparse initializer of " + gw);
      }
      g.addSparseInitializer(v, importSparse(s));
    }
    readNodes(p.getNodeList(), g, scope, gw);
    for (ValueInfoProto vi : p.getValueInfoList()) {
      declare(g, scope, vi);
    }
    for (ValueInfoProto vi : p.getOutputList()) {
      Value v = resolveOutput(scope, vi.getName(), gw);
      // NOTE: an input passed straight through keeps the declaration of its input entry.
      if (inputsByName.get(vi.getName()) != v) {
        applyValueInfo(v, vi);
      }
      g.addOutput(v);
    }
    if (p.hasDocString()) {
      g.setDocString(p.getDocString());
    }
    readMetadata(p.getMetadataPropsList(), g.metadataProps());
    g.setUnmodeled(residual(p.toBuilder()
        .clearNode().clearName().clearInitializer().clearSparseInitializer().clearDocString()
        .clearInput().clearOutput().clearValueInfo().clearMetadataProps().build()));
    checkAcyclic(g);
    return g;
  }

  private static Value resolveOutput(Scope scope, String name, String where) {
    Value v = scope.lookup(name);
    if (v == null) {
      throw new InvalidModelException("output '" + name + "' of " + where
          + " is not produced by any node, input or initializer");
    }
    return v;
  }

  private static void checkAcyclic(Graph g) {
    TopologicalOrder.of(g);
  }

  /**
   * Creates the nodes with their outputs, then their attributes (subgraphs see every value of this
   * graph), then connects their inputs.
   */
  private void readNodes(List<NodeProto> protos, Graph g, Scope scope, String where) {
    List<Node> nodes = new ArrayList<>(protos.size());
    for (int i = 0; i < protos.size(); i++) {
      NodeProto np = protos.get(i);
      if (np.getOpType().isEmpty()) {
        throw new InvalidModelException("node #" + i + " of " + where + " ('" + np.getName() + "') has no op_type");
      }
      Node n = new Node(np.hasDomain() ? np.getDomain() : null, np.getOpType(), List.of(), np.getOutputList(), List.of());
      if (np.hasName()) {
        n.setName(np.getName());
      }
      if (np.hasOverload()) {
        n.setOverload(np.getOverload());
      }
      if (np.hasDocString()) {
        n.setDocString(np.getDocString());
      }
      readMetadata(np.getMetadataPropsList(), n.metadataProps());
      NodeProto rest = np.toBuilder().clearInput().clearOutput().clearName().clearOpType().clearDomain()
          .clearOverload().clearAttribute().clearDocString().clearMetadataProps().build();
      n.setUnmodeled(residual(rest));
      String what = "an output of " + n.describe();
      for (Value out : n.outputs()) {
        if (!out.name().isEmpty()) {
          scope.define(out.name(), out, what);
        }
      }
      nodes.add(n);
      g.append(n);
    }
    for (int i = 0; i < protos.size(); i++) {
      NodeProto np = protos.get(i);
      Node n = nodes.get(i);
      for (AttributeProto a : np.getAttributeList()) {
        if (n.attribute(a.getName()).isPresent()) {
          throw new InvalidModelException(n.describe() + " in " + where + " has attribute '" + a.getName() + "' twice");
        }
        n.setAttribute(importAttribute(a, g, scope, n.describe()));
      }
      List<Value> ins = new ArrayList<>(np.getInputCount());
      for (String in : np.getInputList()) {
        if (in.isEmpty()) {
          ins.add(null);
          continue;
        }
        Value v = scope.lookup(in);
        if (v == null) {
          throw new InvalidModelException(n.describe() + " in " + where + " reads '" + in
              + "', which no node, graph input or initializer produces");
        }
        ins.add(v);
      }
      n.setInputs(ins);
    }
  }

  private static void declare(Graph g, Scope scope, ValueInfoProto vi) {
    Value v = scope.values.get(vi.getName());
    if (v == null || g.declaresValueInfo(v)) {
      // A declaration of a value this graph does not define: kept as a stale entry.
      v = new Value(vi.getName());
    }
    applyValueInfo(v, vi);
    g.declareValueInfo(v);
  }

  private static void applyValueInfo(Value v, ValueInfoProto vi) {
    if (vi.hasType()) {
      ValueType t = importType(vi.getType());
      v.setType(t);
      v.setSourceTypeEncoding(t, Unmodeled.ofEncoding(vi.getType().toByteArray()));
    }
    if (vi.hasDocString()) {
      v.setDocString(vi.getDocString());
    }
    readMetadata(vi.getMetadataPropsList(), v.metadataProps());
    v.setUnmodeled(residual(vi.toBuilder().clearName().clearType().clearDocString().clearMetadataProps().build()));
  }

  static ValueType importType(TypeProto t) {
    String den = t.hasDenotation() ? t.getDenotation() : null;
    return switch (t.getValueCase()) {
      case TENSOR_TYPE -> new ValueType.TensorType(
          dataType(t.getTensorType().getElemType(), "a tensor type"),
          t.getTensorType().hasShape() ? importShape(t.getTensorType().getShape()) : null, den);
      case SPARSE_TENSOR_TYPE -> new ValueType.SparseTensorType(
          dataType(t.getSparseTensorType().getElemType(), "a sparse tensor type"),
          t.getSparseTensorType().hasShape() ? importShape(t.getSparseTensorType().getShape()) : null, den);
      case SEQUENCE_TYPE -> new ValueType.SequenceType(
          t.getSequenceType().hasElemType() ? importType(t.getSequenceType().getElemType()) : null, den);
      case MAP_TYPE -> new ValueType.MapType(
          dataType(t.getMapType().getKeyType(), "a map key"),
          t.getMapType().hasValueType() ? importType(t.getMapType().getValueType()) : null, den);
      case OPTIONAL_TYPE -> new ValueType.OptionalType(
          t.getOptionalType().hasElemType() ? importType(t.getOptionalType().getElemType()) : null, den);
      case OPAQUE_TYPE -> new ValueType.OpaqueType(t.getOpaqueType().getDomain(), t.getOpaqueType().getName(), den);
      case VALUE_NOT_SET -> new ValueType.UnspecifiedType(den);
    };
  }

  static Shape importShape(TensorShapeProto s) {
    List<Dim> dims = new ArrayList<>(s.getDimCount());
    List<String> denotations = null;
    for (int i = 0; i < s.getDimCount(); i++) {
      TensorShapeProto.Dimension d = s.getDim(i);
      dims.add(switch (d.getValueCase()) {
        case DIM_VALUE -> Dim.of(d.getDimValue());
        case DIM_PARAM -> d.getDimParam().isEmpty() ? Dim.unknown() : Dim.of(d.getDimParam());
        case VALUE_NOT_SET -> Dim.unknown();
      });
      if (d.hasDenotation()) {
        if (denotations == null) {
          denotations = new ArrayList<>(java.util.Collections.nCopies(s.getDimCount(), null));
        }
        denotations.set(i, d.getDenotation());
      }
    }
    return denotations == null ? Shape.of(dims) : Shape.withDenotations(dims, denotations);
  }

  private static DataType dataType(int code, String what) {
    return DataType.fromCode(code).orElseThrow(() ->
        new InvalidModelException(what + " has unknown element type " + code));
  }

  private Attribute importAttribute(AttributeProto a, Graph g, Scope scope, String owner) {
    String name = a.getName();
    if (name.isEmpty()) {
      throw new InvalidModelException(owner + " has an attribute without a name");
    }
    AttributeProto.Builder rest = a.toBuilder().clearName();
    Attribute.Type type;
    if (a.hasType()) {
      try {
        type = Attribute.Type.fromCode(a.getType().getNumber());
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("attribute '" + name + "' of " + owner + " has unknown type " + a.getType());
      }
    } else {
      type = deduceType(a);
    }
    if (a.hasRefAttrName()) {
      rest.clearRefAttrName();
      Unmodeled u = keepAttributeResidue ? residual(rest.build()) : Unmodeled.NONE;
      return new Attribute.RefAttr(name, type, a.getRefAttrName(), u);
    }
    String where = "attribute '" + name + "' of " + owner;
    switch (type) {
      case FLOAT -> rest.clearF();
      case INT -> rest.clearI();
      case STRING -> rest.clearS();
      case TENSOR -> rest.clearT();
      case GRAPH -> rest.clearG();
      case SPARSE_TENSOR -> rest.clearSparseTensor();
      case TYPE_PROTO -> rest.clearTp();
      case FLOATS -> rest.clearFloats();
      case INTS -> rest.clearInts();
      case STRINGS -> rest.clearStrings();
      case TENSORS -> rest.clearTensors();
      case GRAPHS -> rest.clearGraphs();
      case SPARSE_TENSORS -> rest.clearSparseTensors();
      case TYPE_PROTOS -> rest.clearTypeProtos();
      case UNDEFINED -> { }
    }
    Unmodeled u = keepAttributeResidue ? residual(rest.build()) : Unmodeled.NONE;
    return switch (type) {
      case FLOAT -> new Attribute.FloatAttr(name, a.getF(), u);
      case INT -> new Attribute.IntAttr(name, a.getI(), u);
      case STRING -> new Attribute.StringAttr(name, a.getS().toStringUtf8(), u);
      case TENSOR -> new Attribute.TensorAttr(name, importTensor(a.getT(), where), u);
      case GRAPH -> new Attribute.GraphAttr(name, importGraph(a.getG(), scope, where), u);
      case SPARSE_TENSOR -> new Attribute.SparseTensorAttr(name, importSparse(a.getSparseTensor()), u);
      case TYPE_PROTO -> new Attribute.TypeAttr(name, importType(a.getTp()), u);
      case FLOATS -> new Attribute.FloatsAttr(name, a.getFloatsList(), u);
      case INTS -> new Attribute.IntsAttr(name, a.getIntsList(), u);
      case STRINGS -> new Attribute.StringsAttr(name, a.getStringsList().stream().map(ByteString::toStringUtf8).toList(), u);
      case TENSORS -> new Attribute.TensorsAttr(name, a.getTensorsList().stream().map(t -> importTensor(t, where)).toList(), u);
      case GRAPHS -> new Attribute.GraphsAttr(name, a.getGraphsList().stream().map(sg -> importGraph(sg, scope, where)).toList(), u);
      case SPARSE_TENSORS -> new Attribute.SparseTensorsAttr(name, a.getSparseTensorsList().stream().map(this::importSparse).toList(), u);
      case TYPE_PROTOS -> new Attribute.TypesAttr(name, a.getTypeProtosList().stream().map(ProtoImporter::importType).toList(), u);
      case UNDEFINED -> new Attribute.UndefinedAttr(name, u);
    };
  }

  /** The type of an attribute written without one (IR 1): whichever value field is set. */
  private static Attribute.Type deduceType(AttributeProto a) {
    if (a.hasF()) return Attribute.Type.FLOAT;
    if (a.hasI()) return Attribute.Type.INT;
    if (a.hasS()) return Attribute.Type.STRING;
    if (a.hasT()) return Attribute.Type.TENSOR;
    if (a.hasG()) return Attribute.Type.GRAPH;
    if (a.hasSparseTensor()) return Attribute.Type.SPARSE_TENSOR;
    if (a.hasTp()) return Attribute.Type.TYPE_PROTO;
    if (a.getFloatsCount() > 0) return Attribute.Type.FLOATS;
    if (a.getIntsCount() > 0) return Attribute.Type.INTS;
    if (a.getStringsCount() > 0) return Attribute.Type.STRINGS;
    if (a.getTensorsCount() > 0) return Attribute.Type.TENSORS;
    if (a.getGraphsCount() > 0) return Attribute.Type.GRAPHS;
    if (a.getSparseTensorsCount() > 0) return Attribute.Type.SPARSE_TENSORS;
    if (a.getTypeProtosCount() > 0) return Attribute.Type.TYPE_PROTOS;
    return Attribute.Type.UNDEFINED;
  }

  private SparseTensor importSparse(SparseTensorProto s) {
    return new SparseTensor(importTensor(s.getValues(), "sparse values"), importTensor(s.getIndices(), "sparse indices"), s.getDimsList());
  }

  /** Checks a tensor's dims against its data and wraps it without copying the data. */
  Tensor importTensor(TensorProto t, String role) {
    String label = "tensor '" + t.getName() + "' (" + role + ")";
    DataType type = dataType(t.getDataType(), label);
    long elements = 1;
    for (long d : t.getDimsList()) {
      if (d < 0) {
        throw new InvalidModelException(label + " has negative dimension " + d + " in " + t.getDimsList());
      }
      try {
        elements = Math.multiplyExact(elements, d);
      } catch (ArithmeticException e) {
        throw new InvalidModelException(label + " has dims " + t.getDimsList() + " whose element count overflows");
      }
    }
    boolean external = t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    if (external) {
      return importExternal(t, type, elements, label);
    }
    if (t.getExternalDataCount() > 0) {
      throw new InvalidModelException(label + " has external_data entries but data_location is not EXTERNAL");
    }
    long expectedBytes = type.hasFixedWidth() ? checkedByteSize(type, elements, label) : -1;
    if (t.hasRawData()) {
      if (type == DataType.STRING || type == DataType.UNDEFINED) {
        throw new InvalidModelException(label + " of type " + type + " cannot use raw_data");
      }
      if (t.getRawData().size() != expectedBytes) {
        throw new InvalidModelException(label + " has dims " + t.getDimsList() + " of " + type.displayName()
            + " (" + expectedBytes + " bytes) but raw_data holds " + t.getRawData().size() + " bytes");
      }
    } else if (TypedFieldLayout.hasTypedData(t) || elements > 0) {
      long want = TypedFieldLayout.expectedEntries(type, elements);
      long have = TypedFieldLayout.actualEntries(t, type);
      if (want != have && type != DataType.UNDEFINED) {
        throw new InvalidModelException(label + " has dims " + t.getDimsList() + " of " + type.displayName()
            + " (" + want + " entries) but its " + TypedFieldLayout.fieldOf(type).name().toLowerCase() + " data field holds " + have);
      }
    }
    return new ProtoTensor(t, type);
  }

  private static long checkedByteSize(DataType type, long elements, String label) {
    try {
      return type.byteSize(elements);
    } catch (ArithmeticException e) {
      throw new InvalidModelException(label + " is too large: its byte size overflows");
    }
  }

  private Tensor importExternal(TensorProto t, DataType type, long elements, String label) {
    if (t.hasRawData() || TypedFieldLayout.hasTypedData(t)) {
      throw new InvalidModelException(label + " is stored externally but also carries inline data");
    }
    if (!type.hasFixedWidth()) {
      throw new InvalidModelException(label + " of type " + type + " cannot be stored externally");
    }
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = parseNonNegative(e.getValue(), "offset", label);
        case "length" -> length = parseNonNegative(e.getValue(), "length", label);
        default -> { }
      }
    }
    if (location == null) {
      throw new InvalidModelException(label + " is stored externally but names no location");
    }
    ExternalDataFile file = locator.resolve(t.getName(), location);
    long fileSize = fileSizes.computeIfAbsent(file.path(), f -> {
      try {
        return file.channel().size();
      } catch (java.io.IOException ex) {
        throw new InvalidModelException(label + ": cannot read size of " + f + ": " + ex.getMessage(), ex);
      }
    });
    long expected = checkedByteSize(type, elements, label);
    if (length < 0) {
      length = expected;
    }
    if (length != expected) {
      throw new InvalidModelException(label + " has dims " + t.getDimsList() + " of " + type.displayName()
          + " (" + expected + " bytes) but its external data length is " + length);
    }
    if (offset > fileSize || length > fileSize - offset) {
      throw new InvalidModelException(label + ": external data at offset " + offset + " with length " + length
          + " runs past the end of '" + location + "' (" + fileSize + " bytes)");
    }
    return new ExternalTensor(t.getName(), type, dimsOf(t), file, location, offset, length, Unmodeled.ofEncoding(t.toByteArray()));
  }

  private static long[] dimsOf(TensorProto t) {
    long[] d = new long[t.getDimsCount()];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.getDims(i);
    }
    return d;
  }

  private static long parseNonNegative(String s, String key, String label) {
    try {
      long v = Long.parseLong(s.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidModelException(label + ": external data " + key + " '" + s + "' is not a non-negative integer");
    }
  }

  private static Unmodeled residual(MessageLite rest) {
    return Unmodeled.ofEncoding(rest.getSerializedSize() == 0 ? new byte[0] : rest.toByteArray());
  }
}
