package dev.scalpel.opset.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLinterTest {
  private static final ModelLinter LINTER = ModelLinter.standard();

  private static List<Finding> lint(Model m) {
    return LINTER.lint(m);
  }

  private static List<String> rules(Model m) {
    return lint(m).stream().map(f -> f.rule()).toList();
  }

  private static Value floatInput(GraphBuilder b, String name) {
    return b.input(name, DataType.FLOAT, Shape.of(2, 3));
  }

  /** Conv + Relu + Reshape + Concat at opset 14 with every type known. */
  private static Model clean() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3, 8, 8));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {4, 3, 3, 3}, new float[108]));
    Value c = b.op("Conv", List.of(x, w), Attribute.ofInts("kernel_shape", 3, 3), Attribute.of("group", 1L));
    c.setType(ValueType.tensor(DataType.FLOAT, Shape.of(1, 4, 6, 6)));
    Value r = b.op("Relu", c);
    Value shape = b.initializer("shape", DenseTensor.vector("shape", 1, -1));
    Value flat = b.op("Reshape", List.of(r, shape), Attribute.of("allowzero", 0L));
    Value cat = b.op("Concat", List.of(flat, flat), Attribute.of("axis", 1L));
    b.output(cat);
    return b.irVersion(7).model();
  }

  @Test
  void cleanModelHasNoFindings() {
    assertThat(lint(clean())).isEmpty();
  }

  @Test
  void findingsNameNodeAndRule() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    b.output(b.op("Relu", x, x));
    Finding f = lint(b.model()).get(0);
    assertThat(f.rule()).isEqualTo(LintRule.INPUT_COUNT.id());
    assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
    assertThat(f.location()).isEqualTo("graph 'main'");
    assertThat(f.node()).isEqualTo("Relu 'Relu'");
    assertThat(f.message()).isEqualTo("has 2 inputs; Relu-14 takes 1");
    assertThat(f.toString()).isEqualTo("error [input-count] graph 'main' > Relu 'Relu': has 2 inputs; Relu-14 takes 1");
  }

  @Test
  void unknownOpOfOnnxDomainIsAnError() {
    GraphBuilder b = GraphBuilder.create(14);
    b.output(b.op("Frobnicate", floatInput(b, "x")));
    assertThat(rules(b.model())).containsExactly("unknown-op");
  }

  @Test
  void unknownCustomOpIsAWarningOncePerOperator() {
    GraphBuilder b = GraphBuilder.create(14);
    GraphBuilder ms = b.domain("com.example", 1);
    Value y = ms.op("Fancy", floatInput(b, "x"));
    b.output(ms.op("Fancy", y));
    List<Finding> findings = lint(b.model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("unknown-custom-op");
    assertThat(findings.get(0).severity()).isEqualTo(Finding.Severity.WARNING);
  }

  @Test
  void localFunctionIsNotAnUnknownOp() {
    GraphBuilder b = GraphBuilder.create(14);
    GraphBuilder custom = b.domain("local", 1);
    b.output(custom.op("Double", floatInput(b, "x")));
    Model m = b.model();
    Graph body = new Graph("Double");
    Value in = body.addInput(new Value("a"));
    body.addOutput(body.append(new Node("", "Add", List.of(in, in), List.of("b"), List.of())).output(0));
    Function f = new Function("local", "Double", body);
    f.opsetImports().set("", 14);
    m.functions().add(f);
    assertThat(lint(m)).isEmpty();
  }

  @Test
  void opNotYetDefined() {
    GraphBuilder b = GraphBuilder.create(16);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3));
    b.output(b.op("LayerNormalization", List.of(x, x)));
    assertThat(rules(b.irVersion(8).model())).containsExactly("op-not-yet-defined");
    Finding f = lint(b.model()).get(0);
    assertThat(f.message()).isEqualTo("LayerNormalization first appears in ai.onnx opset 17; the model imports opset 16");
  }

  @Test
  void deprecatedOpIsAWarning() {
    GraphBuilder b = GraphBuilder.create(10);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 2, 2));
    Value scales = b.initializer("scales", DenseTensor.ofFloats("scales", new long[] {4}, 1, 1, 2, 2));
    b.output(b.op("Upsample", x, scales));
    List<Finding> findings = lint(b.irVersion(5).model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("deprecated-op");
    assertThat(findings.get(0).severity()).isEqualTo(Finding.Severity.WARNING);
  }

  @Test
  void inputCountWithOptionalTrailingInputs() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 2, 2));
    Value scales = b.initializer("scales", DenseTensor.ofFloats("scales", new long[] {4}, 1, 1, 2, 2));
    // Resize-13: X, then roi, scales and sizes, all optional: X, "", scales is fine.
    b.output(b.op("Resize", Arrays.asList(x, null, scales)));
    assertThat(lint(b.irVersion(7).model())).isEmpty();

    GraphBuilder b2 = GraphBuilder.create(13);
    Value x2 = b2.input("x", DataType.FLOAT, Shape.of(1, 1, 2, 2));
    b2.output(b2.op("Resize", x2, x2, x2, x2, x2));
    // The fifth input is one too many; the float x in the int64 sizes slot is wrong too.
    assertThat(rules(b2.irVersion(7).model())).containsExactly("input-count", "type-constraint");
  }

  @Test
  void requiredInputOmitted() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    b.output(b.op("Add", Arrays.asList(null, x)));
    assertThat(rules(b.model())).containsExactly("required-input-omitted");
  }

  @Test
  void outputCount() {
    GraphBuilder b = GraphBuilder.create(14);
    List<Value> outs = b.ops("Relu", 2, List.of(floatInput(b, "x")));
    b.output(outs.get(0));
    assertThat(rules(b.model())).containsExactly("output-count");
  }

  @Test
  void unknownAttribute() {
    GraphBuilder b = GraphBuilder.create(14);
    b.output(b.op("Relu", List.of(floatInput(b, "x")), Attribute.of("alpha", 0.5f)));
    List<Finding> findings = lint(b.model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("unknown-attribute");
    assertThat(findings.get(0).message()).contains("'alpha'").contains("Relu-14");
  }

  @Test
  void attributeTypeMismatch() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    b.output(b.op("Concat", List.of(x, x), Attribute.of("axis", 1.0f)));
    assertThat(rules(b.model())).containsExactly("attribute-type");
  }

  @Test
  void requiredAttributeMissing() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    b.output(b.op("Concat", x, x));
    assertThat(rules(b.model())).containsExactly("missing-attribute");
  }

  @Test
  void typeConstraintViolation() {
    GraphBuilder b = GraphBuilder.create(14);
    Value ids = b.input("ids", DataType.INT64, Shape.of(2));
    b.output(b.op("Sigmoid", ids));
    List<Finding> findings = lint(b.model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("type-constraint");
    assertThat(findings.get(0).message()).startsWith("input 0 (X) 'ids' is tensor(int64); T of Sigmoid-13 allows");
  }

  @Test
  void concreteFormalType() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    Value shape = b.input("shape", DataType.INT32, Shape.of(2));
    b.output(b.op("Reshape", x, shape));
    List<Finding> findings = lint(b.model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("type-constraint");
    assertThat(findings.get(0).message()).contains("wants tensor(int64)");
  }

  @Test
  void homogeneousParameterBindsOneType() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    Value d = b.input("d", DataType.DOUBLE, Shape.of(2, 3));
    b.output(b.op("Add", x, d));
    List<Finding> findings = lint(b.model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("type-binding");
    assertThat(findings.get(0).message())
        .isEqualTo("input 1 (B) 'd' is tensor(double), but input 0 (A) 'x' is tensor(float); Add-14 binds both to T");

    GraphBuilder v = GraphBuilder.create(14);
    Value a = floatInput(v, "a");
    Value i = v.input("i", DataType.INT64, Shape.of(2, 3));
    v.output(v.op("Concat", List.of(a, a, i), Attribute.of("axis", 0L)));
    assertThat(rules(v.model())).containsExactly("type-binding");
  }

  @Test
  void outputTypesCountToo() {
    GraphBuilder b = GraphBuilder.create(14);
    Value y = b.op("Relu", floatInput(b, "x"));
    y.setType(ValueType.tensor(DataType.DOUBLE, null));
    b.output(y);
    assertThat(rules(b.model())).containsExactly("type-binding");
  }

  @Test
  void heterogeneousVariadicsMayDiffer() {
    GraphBuilder b = GraphBuilder.create(16);
    Value trip = b.input("trip", DataType.INT64, Shape.scalar());
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value f = floatInput(b, "f");
    Value i = b.input("i", DataType.INT64, Shape.of(1));
    GraphBuilder body = b.subgraph("body");
    body.input("iter", DataType.INT64, Shape.scalar());
    Value c = body.input("c", DataType.BOOL, Shape.scalar());
    Value bf = body.input("bf", DataType.FLOAT, Shape.of(2, 3));
    Value bi = body.input("bi", DataType.INT64, Shape.of(1));
    body.output(body.op("Identity", c), body.op("Neg", bf), body.op("Identity", bi));
    List<Value> outs = b.ops("Loop", 2, List.of(trip, cond, f, i), Attribute.of("body", body.graph()));
    b.output(outs.get(0), outs.get(1));
    assertThat(lint(b.irVersion(8).model())).isEmpty();
  }

  @Test
  void subgraphsAreLintedWithTheEnclosingOpset() {
    GraphBuilder b = GraphBuilder.create(14);
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value x = floatInput(b, "x");
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", x));
    GraphBuilder other = b.subgraph("else");
    other.output(other.op("LayerNormalization", x, x));
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", other.graph())));
    List<Finding> findings = lint(b.model());
    assertThat(findings).extracting(f -> f.rule()).containsExactly("op-not-yet-defined");
    assertThat(findings.get(0).location()).isEqualTo("graph 'main' > If 'If'.else_branch");
    assertThat(findings.get(0).node()).isEqualTo("LayerNormalization 'LayerNormalization'");
  }

  @Test
  void functionBodiesUseTheirOwnImports() {
    GraphBuilder b = GraphBuilder.create(18);
    GraphBuilder custom = b.domain("local", 1);
    b.output(custom.op("Norm", floatInput(b, "x")));
    Model m = b.irVersion(8).model();
    Graph body = new Graph("Norm");
    Value in = body.addInput(new Value("a"));
    body.addOutput(body.append(new Node("", "LayerNormalization", List.of(in, in), List.of("b"), List.of())).output(0));
    Function f = new Function("local", "Norm", body);
    f.opsetImports().set("", 15);
    m.functions().add(f);
    List<Finding> findings = lint(m);
    assertThat(findings).extracting(x -> x.rule()).containsExactly("op-not-yet-defined");
    assertThat(findings.get(0).location()).isEqualTo("function local.Norm");
  }

  @Test
  void undeclaredDomainOncePerScope() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = floatInput(b, "x");
    Value y = b.op("Relu", x);
    Model m = b.model();
    Graph g = m.graph();
    Value z = g.append(new Node("com.vendor", "A", List.of(y), List.of("z"), List.of())).output(0);
    Value w = g.append(new Node("com.vendor", "B", List.of(z), List.of("w"), List.of())).output(0);
    g.addOutput(w);
    assertThat(rules(m)).containsExactly("undeclared-domain");
  }

  @Test
  void defaultOpsetRules() {
    GraphBuilder b = GraphBuilder.create(14);
    GraphBuilder ml = b.domain("ai.onnx.ml", 3);
    Value x = floatInput(b, "x");
    b.output(ml.op("Normalizer", List.of(x), Attribute.of("norm", "MAX")));
    Model onlyMl = b.model();
    onlyMl.opsetImports().remove("");
    assertThat(rules(onlyMl)).containsExactly("default-opset-missing");

    Model relu = reluModel(14, 7);
    relu.opsetImports().remove("");
    assertThat(rules(relu)).containsExactly("undeclared-domain");
  }

  @Test
  void irVersionMustFitTheOpset() {
    assertThat(rules(reluModel(14, 7))).isEmpty();
    assertThat(rules(reluModel(15, 7))).containsExactly("ir-version-too-old");
    assertThat(lint(reluModel(15, 7)).get(0).message())
        .isEqualTo("IR version 7 is too old for ai.onnx opset 15, which needs IR version 8 or newer");
    assertThat(rules(reluModel(8, 3))).isEmpty();
  }

  @Test
  void opsetNewerThanSchemas() {
    assertThat(rules(reluModel(40, 13))).containsExactly("opset-newer-than-schemas");
  }

  @Test
  void irTable() {
    assertThat(IrVersionTable.minimalIrVersion(1)).isEqualTo(3);
    assertThat(IrVersionTable.minimalIrVersion(8)).isEqualTo(3);
    assertThat(IrVersionTable.minimalIrVersion(9)).isEqualTo(4);
    assertThat(IrVersionTable.minimalIrVersion(10)).isEqualTo(5);
    assertThat(IrVersionTable.minimalIrVersion(11)).isEqualTo(6);
    assertThat(IrVersionTable.minimalIrVersion(14)).isEqualTo(7);
    assertThat(IrVersionTable.minimalIrVersion(18)).isEqualTo(8);
    assertThat(IrVersionTable.minimalIrVersion(20)).isEqualTo(9);
    assertThat(IrVersionTable.minimalIrVersion(22)).isEqualTo(10);
    assertThat(IrVersionTable.minimalIrVersion(23)).isEqualTo(11);
    assertThat(IrVersionTable.minimalIrVersion(24)).isEqualTo(12);
    assertThat(IrVersionTable.minimalIrVersion(28)).isEqualTo(13);
  }

  private static Model reluModel(int opset, int ir) {
    GraphBuilder b = GraphBuilder.create(opset);
    b.output(b.op("Relu", floatInput(b, "x")));
    return b.irVersion(ir).model();
  }
}
