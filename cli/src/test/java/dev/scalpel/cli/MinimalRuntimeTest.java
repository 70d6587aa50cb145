package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.testdata.ChildClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scalpel simplify} runs on a minimal runtime, the modules a jlink'ed JRE for Scalpel
 * holds ({@code java.base, java.logging, java.management, jdk.unsupported, java.xml}): found on
 * the device machine, where the check's memory budget read {@code com.sun.management} (module
 * {@code jdk.management}) and the command died with NoClassDefFoundError.
 */
class MinimalRuntimeTest {
  @TempDir
  Path dir;

  @Test
  void simplifyWithValidationRunsWithoutJdkManagement() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path model = TestModels.write(TestModels.relu(), dir.resolve("relu.onnx"));
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(List.of(java,
        "--limit-modules", "java.base,java.logging,java.management,jdk.unsupported,java.xml",
        "-cp", ChildClassPath.of(), ScalpelCommand.class.getName(),
        "simplify", model.toString(), "-o", dir.resolve("out.onnx").toString()))
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isZero();
    assertThat(stderr).doesNotContain("NoClassDefFoundError");
    assertThat(dir.resolve("out.onnx")).exists();
  }
}
