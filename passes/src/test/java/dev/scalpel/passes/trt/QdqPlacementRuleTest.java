package dev.scalpel.passes.trt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.lint.trt.QdqPlacementRule;
import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.quant.QdqModels;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code trt-qdq} on QDQ models that follow TensorRT's explicit-quantization rules and on ones that break one each. */
class QdqPlacementRuleTest {
  private static List<Finding> findings(Model m, TrtVersion version) {
    List<Finding> out = new ArrayList<>();
    new QdqPlacementRule().check(m, version, out);
    return out;
  }

  /** x[1,2,5,5] → Conv(x, DQ(W int8[3,2,3,3], scale, zero, axis)) → y. */
  private static Model convWithWeightDq(Tensor scale, Tensor zero, long axis) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 5, 5));
    Value w = b.initializer("w", QdqModels.int8("w", new long[] {3, 2, 3, 3}, new int[54]));
    List<Value> in = new ArrayList<>(List.of(w, b.initializer("w_scale", scale)));
    if (zero != null) {
      in.add(b.initializer("w_zero", zero));
    }
    Value dq = b.op("DequantizeLinear", in, Attribute.of("axis", axis));
    Value y = b.op("Conv", x, dq);
    b.output(y);
    return b.model();
  }

  private static Tensor scales(float... v) {
    return DenseTensor.ofFloats("s", new long[] {v.length}, v);
  }

  @Test
  void perChannelSymmetricInt8PassesButAnInt32BiasDqIsAnError() {
    List<Finding> f = findings(QdqModels.quantizedConv(true), TrtVersion.V10);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.rule()).isEqualTo("trt-qdq");
      assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
      assertThat(x.node()).startsWith("DequantizeLinear");
      assertThat(x.value()).isEqualTo("b");
      assertThat(x.message()).contains("int32");
      assertThat(x.hint()).contains("QuantizeBias=False");
    });
  }

  @Test
  void perTensorWeightsAreAWarning() {
    List<Finding> f = findings(convWithWeightDq(DenseTensor.ofFloats("s", new long[0], 0.01f),
        QdqModels.int8("z", new long[0], 0), 1), TrtVersion.V10);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
      assertThat(x.message()).contains("per tensor").contains("axis 0");
    });
  }

  @Test
  void perChannelOnTheWrongAxisOrWithTheWrongCountIsAnError() {
    assertThat(findings(convWithWeightDq(scales(0.1f, 0.2f, 0.3f), QdqModels.int8("z", new long[] {3}, 0, 0, 0), 0),
        TrtVersion.V10)).isEmpty();
    List<Finding> wrongAxis = findings(convWithWeightDq(scales(0.1f, 0.2f), QdqModels.int8("z", new long[] {2}, 0, 0), 1),
        TrtVersion.V10);
    assertThat(wrongAxis).singleElement().satisfies(x -> assertThat(x.message())
        .contains("along axis 1").contains("output-channel axis 0"));
    List<Finding> wrongCount = findings(convWithWeightDq(scales(0.1f, 0.2f), null, 0), TrtVersion.V10);
    assertThat(wrongCount).singleElement().satisfies(x -> assertThat(x.message()).contains("2 scales for the 3 indices of axis 0"));
    List<Finding> zeroShape = findings(convWithWeightDq(scales(0.1f, 0.2f, 0.3f), QdqModels.int8("z", new long[0], 0), 0),
        TrtVersion.V10);
    assertThat(zeroShape).singleElement().satisfies(x -> assertThat(x.message()).contains("differs from the scale's"));
    // a one-element scale with a scalar zero point is per tensor either way (quantize_static's biases)
    assertThat(findings(convWithWeightDq(scales(0.1f), QdqModels.int8("z", new long[0], 0), 0), TrtVersion.V10))
        .noneMatch(x -> x.message().contains("differs"));
  }

  @Test
  void nonPositiveScalesAndNonZeroZeroPointsAreErrors() {
    List<Finding> f = findings(convWithWeightDq(scales(0.1f, 0f, 0.3f), QdqModels.int8("z", new long[] {3}, 0, 3, 0), 0),
        TrtVersion.V10);
    assertThat(f).extracting(Finding::message).hasSize(2)
        .anyMatch(m -> m.contains("positive")).anyMatch(m -> m.contains("symmetric"));
  }

  @Test
  void uint8ActivationsPerAxisActivationsAndFp8On86AreErrors() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3, 4));
    ByteBuffer z = ByteBuffer.allocate(1).put((byte) 128).flip();
    Value scale = b.initializer("s", DenseTensor.ofFloats("s", new long[0], 0.1f));
    Value zero = b.initializer("z", DenseTensor.wrap("z", DataType.UINT8, new long[0], z));
    Value y = b.op("DequantizeLinear", b.op("QuantizeLinear", x, scale, zero), scale, zero);
    Value perAxisScale = b.initializer("s3", scales(0.1f, 0.2f, 0.3f));
    Value y2 = b.op("QuantizeLinear", List.of(y, perAxisScale, b.initializer("z3", QdqModels.int8("z3", new long[] {3}, 0, 0, 0))),
        Attribute.of("axis", 1L));
    b.output(y2);
    List<Finding> f = findings(b.model(), TrtVersion.V10);
    assertThat(f).filteredOn(x2 -> x2.message().contains("uint8")).hasSize(2); // the Q and the DQ
    assertThat(f).filteredOn(x2 -> x2.message().contains("symmetric")).hasSize(2);
    assertThat(f).filteredOn(x2 -> x2.message().contains("activation quantized per axis")).hasSize(1);

    GraphBuilder c = GraphBuilder.create(19);
    Value xc = c.input("x", DataType.FLOAT, Shape.of(4));
    ByteBuffer fz = ByteBuffer.allocate(1).put((byte) 0).flip();
    Value fp8zero = c.initializer("z", DenseTensor.wrap("z", DataType.FLOAT8E4M3FN, new long[0], fz));
    Value s = c.initializer("s", DenseTensor.ofFloats("s", new long[0], 0.5f));
    c.output(c.op("DequantizeLinear", c.op("QuantizeLinear", xc, s, fp8zero), s, fp8zero));
    assertThat(findings(c.model(), TrtVersion.V10)).isEmpty();
    assertThat(findings(c.model(), TrtVersion.V8_6)).hasSize(2).allMatch(x3 -> x3.message().contains("float8e4m3fn"));
  }
}
