package dev.scalpel.cli.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GraphDrawingTest {
  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void everyNodeIsDrawnOnceAndEachLayerIsABlockWithPorts() {
    Model m = LayeredTestModels.layered(3);
    GraphDrawing d = GraphDrawing.draw(m, GraphDiff.none(m), "m", n -> null);
    String svg = d.svg();
    assertThat(count(svg, "<g class=\"n ")).isEqualTo(13);
    for (int i = 0; i < 13; i++) {
      assertThat(count(svg, "id=\"m" + i + "\"")).as("node m" + i).isEqualTo(1);
    }
    assertThat(count(svg, "<g class=\"blk")).isEqualTo(3);
    // Each layer reads one value from outside (x, then the previous layer's Neg) and hands one out.
    assertThat(count(svg, "<g class=\"port in\"")).isEqualTo(3);
    assertThat(count(svg, "<g class=\"port out\"")).isEqualTo(3);
    assertThat(count(svg, "<g class=\"io in\"")).isEqualTo(1);
    assertThat(count(svg, "<g class=\"io out\"")).isEqualTo(1);
    assertThat(d.blocks()).isEqualTo(3);
  }

  @Test
  void levelsWithTheSameBoxesAndEdgesAreLaidOutOnce() {
    Model m = LayeredTestModels.layered(3);
    GraphDrawing d = GraphDrawing.draw(m, GraphDiff.none(m), "m", n -> null);
    // The root, layers.0 (its port is the short "x") and layers.1, whose layout layers.2 reuses.
    assertThat(d.layoutsComputed()).isEqualTo(3);
  }

  @Test
  void edgesOfTheRootJoinInputBlocksAndOutput() {
    Model m = LayeredTestModels.layered(3);
    GraphDrawing d = GraphDrawing.draw(m, GraphDiff.none(m), "m", n -> null);
    // The root level's edge group comes first and holds only paths, so it ends at the first </g>.
    // x -> layers.0 -> layers.1 -> layers.2 -> Identity -> y: five edges at the root level.
    String rootEdges = d.svg().substring(0, d.svg().indexOf("</g>"));
    assertThat(count(rootEdges, "<path class=\"e\"")).isEqualTo(5);
  }

  @Test
  void detailsNameTheNodeItsAttributesAndTypes() {
    Model m = LayeredTestModels.layered(2);
    GraphDrawing d = GraphDrawing.draw(m, GraphDiff.none(m), "m", n -> null);
    String json = d.detailsJson();
    assertThat(json).contains("\"Constant_0\"").contains("tensor float32[4] = [1, 2, 3, 4]")
        .contains("\"/model/layers.1/Add\"").contains("\"change\": \"kept\"").doesNotContain("\"partner\"");
  }

  @Test
  void changesColourTheNodesAndTheBlocksThatHoldThem() {
    Model before = LayeredTestModels.layered(3);
    Model after = before.deepCopy();
    after.graph().removeOutput(0);
    after.graph().remove(LayeredTestModels.named(after, "/model/norm/Identity"));
    after.graph().addOutput(LayeredTestModels.named(after, "/model/layers.2/Neg").output(0));
    Model fresh = LayeredTestModels.layered(3);
    GraphDiff diff = GraphDiff.of(fresh, after);
    GraphDrawing d = GraphDrawing.draw(fresh, diff, "b", n -> "a0");
    assertThat(count(d.svg(), "<g class=\"n k-removed\"")).isEqualTo(1);
    assertThat(count(d.svg(), "<g class=\"n k-kept\"")).isEqualTo(12);
    assertThat(count(d.svg(), "<g class=\"blk has-changes\"")).isZero();
    assertThat(d.detailsJson()).contains("\"partner\": \"a0\"");
  }
}
