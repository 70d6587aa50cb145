package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrtexecPlanTest {

  /** images: float[batch,3,h,w], mask: float[batch,1] -> Add -> ... */
  private static Model model(Dim h) {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("images", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3), h, Dim.of(64)));
    Value m = b.input("mask", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(1), Dim.of(1), Dim.of(1)));
    Value k = b.input("k", DataType.FLOAT, Shape.of(1));
    b.output(b.op("Add", b.op("Mul", x, m), k));
    return b.model();
  }

  @Test
  void writesMinOptMaxShapesForEveryDynamicInput() {
    TrtexecPlan plan = TrtexecPlan.of(model(Dim.of("h")), "m.onnx",
        List.of(DimRange.parse("batch=1:8:32"), DimRange.parse("h=64:128:256")));
    assertThat(plan.findings()).isEmpty();
    assertThat(plan.commandLine()).isEqualTo("trtexec --onnx=m.onnx"
        + " --minShapes=images:1x3x64x64,mask:1x1x1x1"
        + " --optShapes=images:8x3x128x64,mask:8x1x1x1"
        + " --maxShapes=images:32x3x256x64,mask:32x1x1x1");
  }

  @Test
  void aDimWithoutRangeIsReportedAndNoLineIsGiven() {
    TrtexecPlan plan = TrtexecPlan.of(model(Dim.of("h")), "m.onnx", List.of(DimRange.parse("batch=1:8:32")));
    assertThat(plan.commandLine()).isNull();
    assertThat(plan.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(TrtexecPlan.RULE);
      assertThat(f.message()).contains("'h'").contains("images");
      assertThat(f.hint()).isEqualTo("--profile h=MIN:OPT:MAX");
    });
  }

  @Test
  void anUnnamedDynamicDimCannotBeProfiled() {
    TrtexecPlan plan = TrtexecPlan.of(model(Dim.unknown()), "m.onnx", List.of(DimRange.parse("batch=1:8:32")));
    assertThat(plan.commandLine()).isNull();
    assertThat(plan.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("unnamed"));
  }

  @Test
  void aStaticModelNeedsNoShapesAndUnknownSymbolsAreRefused() {
    GraphBuilder b = GraphBuilder.create(17);
    b.output(b.op("Relu", b.input("x", DataType.FLOAT, Shape.of(1, 3))));
    Model m = b.model();
    assertThat(TrtexecPlan.of(m, "dir with space/m.onnx", List.of()).commandLine())
        .isEqualTo("trtexec --onnx=\"dir with space/m.onnx\"");
    assertThatThrownBy(() -> TrtexecPlan.of(m, "m.onnx", List.of(DimRange.parse("batch=1:2:3"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no input has a dynamic dim named 'batch'");
  }

  @Test
  void rangesParseAndCheckOrder() {
    assertThat(DimRange.parse("batch=1:8:32")).isEqualTo(new DimRange("batch", 1, 8, 32));
    assertThat(DimRange.parse("batch=4")).isEqualTo(new DimRange("batch", 4, 4, 4));
    assertThatThrownBy(() -> DimRange.parse("batch=8:1:32")).hasMessageContaining("min <= opt <= max");
    assertThatThrownBy(() -> DimRange.parse("batch")).hasMessageContaining("NAME=MIN:OPT:MAX");
    assertThatThrownBy(() -> DimRange.parse("batch=a:b:c")).hasMessageContaining("integers");
  }
}
