package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file {@link MalformedModels} makes is refused with a message that says where the fault is. */
class MalformedModelsTest {
  @TempDir Path tmp;

  static List<MalformedModels.Case> cases() {
    return MalformedModels.all();
  }

  @Test
  void generatesAtLeastTwentyDistinctCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(cases().stream().map(MalformedModels.Case::name).distinct()).hasSameSizeAs(cases());
  }

  @Test
  void theValidModelFromWhichAllCasesDeriveReads() throws IOException {
    MalformedModels.writeData(tmp);
    Path p = tmp.resolve(MalformedModels.MODEL);
    Files.write(p, MalformedModels.valid().toByteArray());
    Model m = OnnxReader.read(p);
    assertThat(m.graph().nodeCount()).isEqualTo(3);
    assertThat(m.graph().initializer("E").orElseThrow().initializer().orElseThrow().toFloatArray())
        .containsExactly(5f, 6f, 7f, 8f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithAMessageNamingTheFault(MalformedModels.Case c) throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("case"));
    Path model = c.writer().write(folder);
    assertThatThrownBy(() -> OnnxReader.read(model))
        .as(c.description())
        .isInstanceOf(InvalidModelException.class)
        .message()
        .contains(c.mustMention());
  }

  @Test
  void nestingJustInsideTheLimitReadsWithoutOverflowingTheStack() throws IOException {
    Path p = tmp.resolve("deep.onnx");
    Files.write(p, MalformedModels.valid().toBuilder().setGraph(MalformedModels.nestedIfs(120)).build().toByteArray());
    Model m = OnnxReader.read(p);
    assertThat(m.graph().allGraphs()).hasSize(1 + 2 * 120);
  }

  @Test
  void theSplicedEncodingOfNestedIfsIsValidBelowTheLimit() throws IOException {
    Path p = tmp.resolve("deep.onnx");
    Files.write(p, MalformedModels.nestedIfBytes(120));
    assertThat(OnnxReader.read(p).graph().allGraphs()).hasSize(1 + 2 * 120);
  }
}
