package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.DeviceConfigurationProto;
import dev.scalpel.graph.io.proto.OnnxProto.FunctionProto;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.NodeDeviceConfigurationProto;
import dev.scalpel.graph.io.proto.OnnxProto.NodeProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import dev.scalpel.graph.io.proto.OnnxProto.SparseTensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.StringStringEntryProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorAnnotation;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorShapeProto;
import dev.scalpel.graph.io.proto.OnnxProto.TrainingInfoProto;
import dev.scalpel.graph.io.proto.OnnxProto.TypeProto;
import dev.scalpel.graph.io.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model using every corner of the format the IR does not model (or models only partly) comes
 * back unchanged: training info, device configurations, quantization annotations, sparse
 * initializers, local functions with attribute defaults and references, denotations, metadata on
 * every level, explicit-empty fields, and fields of a future ONNX version (unknown fields).
 */
class UnmodeledFieldsRoundTripTest {
  @TempDir Path tmp;

  private static StringStringEntryProto meta(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }

  /** An unknown field (number 999, a varint) as a newer ONNX would write. */
  private static UnknownFieldSet future() {
    return UnknownFieldSet.newBuilder()
        .addField(999, UnknownFieldSet.Field.newBuilder().addVarint(42).build())
        .build();
  }

  private static ValueInfoProto info(String name, String... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (String d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d.chars().allMatch(Character::isDigit)) {
        dim.setDimValue(Long.parseLong(d));
      } else {
        dim.setDimParam(d).setDenotation("DATA_BATCH");
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder().setName(name).setDocString("declared " + name)
        .setType(TypeProto.newBuilder().setDenotation("TENSOR")
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)))
        .addMetadataProps(meta("origin", name)).setUnknownFields(future()).build();
  }

  static ModelProto everyCorner() {
    TensorProto w = TensorProto.newBuilder().setName("W").addDims(2).setDataType(1)
        .addFloatData(1.5f).addFloatData(-2f).setDocString("weight").addMetadataProps(meta("q", "none")).build();
    SparseTensorProto s = SparseTensorProto.newBuilder()
        .setValues(TensorProto.newBuilder().setName("S").addDims(1).setDataType(1).addFloatData(3f))
        .setIndices(TensorProto.newBuilder().setName("S_idx").addDims(1).setDataType(7).addInt64Data(1))
        .addDims(2).build();
    NodeProto add = NodeProto.newBuilder().addInput("X").addInput("W").addOutput("Y").setName("add")
        .setOpType("Add").setDomain("").setDocString("adds").addMetadataProps(meta("pass", "none"))
        .addDeviceConfigurations(NodeDeviceConfigurationProto.newBuilder().setConfigurationId("cfg").setPipelineStage(1))
        .setUnknownFields(future()).build();
    NodeProto call = NodeProto.newBuilder().addInput("Y").addInput("S").addOutput("Z").setName("call")
        .setOpType("Scale").setDomain("custom").setOverload("v1")
        .addAttribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT)
            .setF(0.5f).setDocString("scale factor"))
        .build();
    NodeProto identity = NodeProto.newBuilder().addInput("Z").addOutput("out").setOpType("Identity").build();
    GraphProto graph = GraphProto.newBuilder().setName("main").setDocString("the graph")
        .addNode(add).addNode(call).addNode(identity)
        .addInitializer(w).addSparseInitializer(s)
        .addInput(info("X", "batch", "2")).addOutput(info("out", "batch", "2"))
        .addValueInfo(info("Y", "batch", "2")).addValueInfo(info("stale_declaration"))
        .addQuantizationAnnotation(TensorAnnotation.newBuilder().setTensorName("Y")
            .addQuantParameterTensorNames(meta("SCALE_TENSOR", "W")))
        .addMetadataProps(meta("graph", "yes")).setUnknownFields(future()).build();
    FunctionProto scale = FunctionProto.newBuilder().setName("Scale").setDomain("custom").setOverload("v1")
        .addInput("a").addInput("b").addOutput("c").addAttribute("unused")
        .addAttributeProto(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT).setF(1f))
        .addNode(NodeProto.newBuilder().addInput("a").addOutput("alpha_t").setOpType("Constant")
            .addAttribute(AttributeProto.newBuilder().setName("value_float").setRefAttrName("alpha")
                .setType(AttributeProto.AttributeType.FLOAT)))
        .addNode(NodeProto.newBuilder().addInput("a").addInput("alpha_t").addOutput("m").setOpType("Mul"))
        .addNode(NodeProto.newBuilder().addInput("m").addInput("b").addOutput("c").setOpType("Add"))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18))
        .addValueInfo(info("m")).setDocString("a local function").addMetadataProps(meta("f", "1")).build();
    GraphProto initGraph = GraphProto.newBuilder().setName("init")
        .addNode(NodeProto.newBuilder().addOutput("W_init").setOpType("Constant")
            .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                .setT(TensorProto.newBuilder().addDims(2).setDataType(1).setRawData(ByteString.copyFrom(new byte[8])))))
        .addOutput(ValueInfoProto.newBuilder().setName("W_init")).build();
    return ModelProto.newBuilder().setIrVersion(11).setProducerName("test").setProducerVersion("")
        .setDomain("dev.scalpel").setModelVersion(3).setDocString("every corner")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("custom").setVersion(1))
        .setGraph(graph)
        .addMetadataProps(meta("author", "scalpel"))
        .addTrainingInfo(TrainingInfoProto.newBuilder().setInitialization(initGraph)
            .addInitializationBinding(meta("W", "W_init")))
        .addFunctions(scale)
        .addConfiguration(DeviceConfigurationProto.newBuilder().setName("cfg").setNumDevices(2).addDevice("gpu0").addDevice("gpu1"))
        .setUnknownFields(future())
        .build();
  }

  @Test
  void everyUnmodeledCornerSurvivesAFileRoundTripByteForByte() throws IOException {
    ModelProto original = everyCorner();
    Path in = tmp.resolve("in.onnx");
    Files.write(in, original.toByteArray());
    Model model = OnnxReader.read(in);
    Path out = tmp.resolve("out.onnx");
    OnnxWriter.write(model, out);
    assertThat(ModelProto.parseFrom(Files.readAllBytes(out))).isEqualTo(original);
    assertThat(Files.readAllBytes(out)).isEqualTo(original.toByteArray());
  }

  @Test
  void aDeepCopyLosesNothingEither() throws IOException {
    ModelProto original = everyCorner();
    Model copy = OnnxReader.read(original.toByteArray()).deepCopy();
    assertThat(ModelProto.parseFrom(OnnxWriter.toBytes(copy))).isEqualTo(original);
  }

  @Test
  void theModeledPartsAreVisibleThroughTheIr() {
    Model model = OnnxReader.read(everyCorner().toByteArray());
    Node add = model.graph().nodes().get(0);
    assertThat(add.docString()).isEqualTo("adds");
    assertThat(add.metadataProps()).containsEntry("pass", "none");
    assertThat(model.graph().sparseInitializers()).extracting(v -> v.name()).containsExactly("S");
    assertThat(model.graph().nodes().get(1).input(1).sparseInitializer()).isPresent();
    Function f = model.functions().get(0);
    assertThat(f.qualifiedName()).isEqualTo("custom.Scale:v1");
    assertThat(f.body().nodeCount()).isEqualTo(3);
    assertThat(model.graph().inputs().get(0).shape().orElseThrow().denotation(0)).isEqualTo("DATA_BATCH");
  }

  @Test
  void editsAreWrittenAndTheUnmodeledRestStays() throws IOException {
    ModelProto original = everyCorner();
    Model model = OnnxReader.read(original.toByteArray());
    model.graph().nodes().get(0).setDocString("edited");
    ModelProto written = ModelProto.parseFrom(OnnxWriter.toBytes(model));
    assertThat(written.getGraph().getNode(0).getDocString()).isEqualTo("edited");
    assertThat(written.getGraph().getNode(0).getDeviceConfigurationsCount()).isEqualTo(1);
    assertThat(written.getGraph().getNode(0).getUnknownFields()).isEqualTo(future());
    assertThat(written.getTrainingInfoList()).isEqualTo(original.getTrainingInfoList());
    assertThat(written.getUnknownFields()).isEqualTo(future());
  }
}
