package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.passes.quant.QdqModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect, simplify, fold and trt on a QDQ model (x → Q → DQ → Conv(DQ(int8 W, per channel), DQ(int32 b)) → Relu). */
class QuantizedModelCommandsTest {
  @TempDir
  Path dir;

  private Path qdq() throws IOException {
    return TestModels.write(QdqModels.quantizedConv(true), dir.resolve("qdq.onnx"));
  }

  private static long count(Model m, String op) {
    return m.graph().nodes().stream().map(Node::opType).filter(op::equals).count();
  }

  @Test
  void inspectShowsTheQuantization() throws IOException {
    Path in = qdq();
    Cli.Result text = Cli.run("inspect", in.toString());
    assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
    assertThat(text.out()).containsPattern("Quantization: +1 QuantizeLinear, 3 DequantizeLinear; 3 quantized tensors "
        + "\\(2 weights\\): int32 1, int8 2; 1 per tensor, 2 per channel");

    Cli.Result json = Cli.run("inspect", in.toString(), "--json");
    Map<String, Object> q = JsonOutput.object(JsonOutput.object(JsonOutput.array(JsonOutput.parse(json.out())).get(0))
        .get("quantization"));
    assertThat(((Number) q.get("dequantizeLinear")).intValue()).isEqualTo(3);
    assertThat(((Number) q.get("perChannel")).intValue()).isEqualTo(2);
    assertThat(JsonOutput.object(q.get("byType"))).containsEntry("int8", 2L);

    Path tiny = TestModels.write(TestModels.tinyCnn(), dir.resolve("tiny.onnx"));
    assertThat(Cli.run("inspect", tiny.toString()).out()).containsPattern("Quantization: +none");
  }

  @Test
  void simplifyKeepsQdqAndReportsItUnlessFoldQdq() throws IOException {
    Path in = qdq();
    Path out = dir.resolve("out.onnx");
    Cli.Result r = Cli.run("simplify", in.toString(), "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).containsPattern("DequantizeLinear +3 +3").containsPattern("quantized weights +2 +2");
    assertThat(count(OnnxReader.read(out), "DequantizeLinear")).isEqualTo(3);

    Path folded = dir.resolve("folded.onnx");
    Cli.Result f = Cli.run("simplify", in.toString(), "-o", folded.toString(), "--fold-qdq", "--json");
    assertThat(f.exitCode()).as(f.err()).isEqualTo(ExitCodes.OK);
    Map<String, Object> m = JsonOutput.object(JsonOutput.array(JsonOutput.parse(f.out())).get(0));
    assertThat(((Number) JsonOutput.object(m.get("before")).get("dequantizeLinear")).intValue()).isEqualTo(3);
    assertThat(((Number) JsonOutput.object(m.get("after")).get("dequantizeLinear")).intValue()).isEqualTo(1);
    assertThat(JsonOutput.object(m.get("validation")).get("equivalent")).isEqualTo(true);
  }

  @Test
  void foldKeepsQdqUnlessFoldQdq() throws IOException {
    Path in = qdq();
    Path kept = dir.resolve("kept.onnx");
    Cli.Result r = Cli.run("fold", in.toString(), "-o", kept.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("kept 2 quantization node(s)");
    assertThat(count(OnnxReader.read(kept), "DequantizeLinear")).isEqualTo(3);

    Path folded = dir.resolve("folded.onnx");
    assertThat(Cli.run("fold", in.toString(), "-o", folded.toString(), "--fold-qdq").exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(count(OnnxReader.read(folded), "DequantizeLinear")).isEqualTo(1);
  }

  @Test
  void trtNamesTheQdqRuleAndNode() throws IOException {
    Cli.Result r = Cli.run("trt", qdq().toString());
    assertThat(r.out()).contains("[trt-qdq]").contains("DequantizeLinear").contains("int32");
    List<String> lines = r.out().lines().filter(l -> l.contains("[trt-qdq]")).toList();
    assertThat(lines).hasSize(1);
  }
}
