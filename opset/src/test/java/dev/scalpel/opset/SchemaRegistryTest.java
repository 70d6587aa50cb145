package dev.scalpel.opset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.standard();

  private static OpSchema schema(String op, int opset) {
    return REGISTRY.lookup(OpId.onnx(op), opset).orElseThrow();
  }

  private static List<String> inputNames(OpSchema s) {
    return s.inputs().stream().map(FormalParameter::name).toList();
  }

  @Test
  void holdsEveryGeneratedSchema() {
    assertThat(REGISTRY.onnxVersion()).isEqualTo("1.23.1");
    assertThat(REGISTRY.size()).isEqualTo(659);
    assertThat(REGISTRY.domains())
        .containsExactly("", "ai.onnx.ml", "ai.onnx.preview", "ai.onnx.preview.training");
    assertThat(REGISTRY.newestOpset("")).hasValue(28);
    assertThat(REGISTRY.allLatest()).hasSize(REGISTRY.allLatest().stream().map(OpSchema::opId).distinct().toList().size());
  }

  @Test
  void reshapeGainsAllowzeroAtFourteen() {
    OpSchema r13 = schema("Reshape", 13);
    assertThat(r13.sinceVersion()).isEqualTo(13);
    assertThat(inputNames(r13)).containsExactly("data", "shape");
    assertThat(r13.inputs().get(1).typeStr()).isEqualTo("tensor(int64)");
    assertThat(r13.inputs().get(1).concreteType()).contains(TypeExpr.parse("tensor(int64)"));
    assertThat(r13.attributes()).doesNotContainKey("allowzero");

    AttributeSpec allowzero = schema("Reshape", 14).attribute("allowzero").orElseThrow();
    assertThat(allowzero.type()).isEqualTo(Attribute.Type.INT);
    assertThat(allowzero.required()).isFalse();
    assertThat(allowzero.defaultValue()).contains(Attribute.of("allowzero", 0L));
  }

  @Test
  void unsqueezeAxesMoveFromAttributeToInput() {
    OpSchema u11 = schema("Unsqueeze", 11);
    assertThat(u11.attribute("axes").map(AttributeSpec::required)).contains(true);
    assertThat(inputNames(u11)).containsExactly("data");

    OpSchema u13 = schema("Unsqueeze", 13);
    assertThat(u13.attributes()).doesNotContainKey("axes");
    assertThat(inputNames(u13)).containsExactly("data", "axes");
    assertThat(u13.inputs().get(1).arity()).isEqualTo(FormalParameter.Arity.SINGLE);
  }

  @Test
  void resizeInputsChangeAcrossVersions() {
    assertThat(schema("Resize", 10).sinceVersion()).isEqualTo(10);
    assertThat(inputNames(schema("Resize", 10))).containsExactly("X", "scales");
    assertThat(inputNames(schema("Resize", 11))).containsExactly("X", "roi", "scales", "sizes");
    assertThat(schema("Resize", 11).minInput()).isEqualTo(3);
    OpSchema r13 = schema("Resize", 13);
    assertThat(r13.inputs()).extracting(FormalParameter::arity).containsExactly(
        FormalParameter.Arity.SINGLE, FormalParameter.Arity.OPTIONAL,
        FormalParameter.Arity.OPTIONAL, FormalParameter.Arity.OPTIONAL);
    assertThat(r13.minInput()).isEqualTo(1);
    assertThat(r13.maxInput()).isEqualTo(4);
    OpSchema r18 = schema("Resize", 18);
    assertThat(r18.sinceVersion()).isEqualTo(18);
    assertThat(r18.attributes()).containsKeys("antialias", "axes", "keep_aspect_ratio_policy");
    assertThat(schema("Resize", 17).sinceVersion()).isEqualTo(13);
  }

  @Test
  void nothingBeforeTheFirstVersion() {
    assertThat(REGISTRY.lookup(OpId.onnx("Resize"), 9)).isEmpty();
    assertThat(REGISTRY.lookup(OpId.onnx("LayerNormalization"), 16)).isEmpty();
    assertThat(REGISTRY.lookup(OpId.onnx("LayerNormalization"), 17)).isPresent();
    assertThat(REGISTRY.lookup(OpId.onnx("NoSuchOp"), 20)).isEmpty();
    assertThat(REGISTRY.versions(OpId.onnx("NoSuchOp"))).isEmpty();
  }

  @Test
  void defaultDomainAliases() {
    assertThat(new OpId("ai.onnx", "Relu")).isEqualTo(OpId.onnx("Relu"));
    assertThat(REGISTRY.lookup(new OpId("ai.onnx", "Relu"), 14)).isEqualTo(REGISTRY.lookup(OpId.onnx("Relu"), 14));
    assertThat(REGISTRY.knowsDomain("ai.onnx")).isTrue();

    OpsetImports imports = new OpsetImports();
    imports.set("ai.onnx", 13);
    Node relu = new Node("", "Relu", List.of(), List.of("y"), List.of());
    assertThat(REGISTRY.lookup(relu, imports).map(OpSchema::sinceVersion)).contains(13);
    Node mlNode = new Node("ai.onnx.ml", "Normalizer", List.of(), List.of("y"), List.of());
    assertThat(REGISTRY.lookup(mlNode, imports)).isEmpty();
    imports.set("ai.onnx.ml", 3);
    assertThat(REGISTRY.lookup(mlNode, imports).map(s -> s.opId().toString())).contains("ai.onnx.ml.Normalizer");
  }

  @Test
  void versionsAreOldestFirst() {
    assertThat(REGISTRY.versions(OpId.onnx("Unsqueeze"))).extracting(OpSchema::sinceVersion)
        .containsExactly(1, 11, 13, 21, 23, 24, 25);
  }

  @Test
  void defaultsAreDecoded() {
    OpSchema conv = schema("Conv", 11);
    assertThat(conv.attribute("group").flatMap(AttributeSpec::defaultValue)).contains(Attribute.of("group", 1L));
    assertThat(conv.attribute("auto_pad").flatMap(AttributeSpec::defaultValue)).contains(Attribute.of("auto_pad", "NOTSET"));
    assertThat(conv.attribute("kernel_shape").map(AttributeSpec::type)).contains(Attribute.Type.INTS);
    assertThat(conv.attribute("kernel_shape").flatMap(AttributeSpec::defaultValue)).isEmpty();
    assertThat(schema("LeakyRelu", 16).attribute("alpha").flatMap(AttributeSpec::defaultValue))
        .contains(Attribute.of("alpha", 0.01f));
  }

  @Test
  void typeConstraintsAndVariadics() {
    OpSchema concat = schema("Concat", 13);
    FormalParameter inputs = concat.inputs().get(0);
    assertThat(inputs.arity()).isEqualTo(FormalParameter.Arity.VARIADIC);
    assertThat(inputs.homogeneous()).isTrue();
    assertThat(inputs.minArity()).isEqualTo(1);
    assertThat(concat.maxInput()).isEqualTo(Integer.MAX_VALUE);
    TypeConstraint t = concat.typeConstraint("T").orElseThrow();
    assertThat(t.allows(TypeExpr.parse("tensor(float)"))).isTrue();
    assertThat(t.allows(TypeExpr.parse("seq(tensor(float))"))).isFalse();

    FormalParameter loopState = schema("Loop", 16).inputs().get(2);
    assertThat(loopState.arity()).isEqualTo(FormalParameter.Arity.VARIADIC);
    assertThat(loopState.homogeneous()).isFalse();
  }

  @Test
  void functionBodies() {
    OpSchema elu = schema("Elu", 21);
    assertThat(elu.hasFunction()).isTrue();
    assertThat(elu.functionBodyVersions()).isNotEmpty();
    assertThat(elu.functionBody(21)).isPresent();
    assertThat(elu.functionBody(21).get()).isNotEmpty();
    assertThat(elu.functionBody(elu.functionBodyVersions().get(0) - 1)).isEmpty();
    assertThat(schema("Celu", 12).hasContextDependentFunction()).isTrue();
    assertThat(schema("Conv", 11).hasFunction()).isFalse();
  }

  @Test
  void deprecatedFlag() {
    assertThat(schema("Upsample", 10).deprecated()).isTrue();
    assertThat(schema("Upsample", 9).deprecated()).isFalse();
  }

  @Test
  void loadTime() {
    long t0 = System.nanoTime();
    SchemaResource.Contents c = SchemaResource.loadBundled();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("schema resource parsed (warm JVM) in " + ms + " ms: " + c.schemas().size() + " schemas");
    assertThat(c.schemas()).hasSize(659);
  }
}
