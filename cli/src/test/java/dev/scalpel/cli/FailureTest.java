package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.runtime.InputSpecException;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.inputs.InputDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailureTest {
  @Test
  void mapsUserMistakesToTheirExitCodes() {
    assertThat(Failure.of(new InvalidModelException("m.onnx is empty")))
        .isEqualTo(new Failure(ExitCodes.INVALID_MODEL, "m.onnx is empty", false));
    assertThat(Failure.of(new NoSuchFileException("m.onnx")))
        .isEqualTo(new Failure(ExitCodes.USAGE, "no such file: m.onnx", false));
    assertThat(Failure.of(new AccessDeniedException("m.onnx")))
        .isEqualTo(new Failure(ExitCodes.IO_ERROR, "permission denied: m.onnx", false));
    assertThat(Failure.of(new IOException("disk full")))
        .isEqualTo(new Failure(ExitCodes.IO_ERROR, "disk full", false));
    assertThat(Failure.of(new FileAlreadyExistsException("/x/m.onnx")).message())
        .isEqualTo("already exists (and is in the way): /x/m.onnx");
    assertThat(Failure.of(new FileSystemException("/x", null, "Read-only file system")).message())
        .isEqualTo("/x: Read-only file system");
    assertThat(Failure.of(new UncheckedIOException(new NoSuchFileException("x")))).extracting(Failure::exitCode)
        .isEqualTo(ExitCodes.USAGE);
    assertThat(Failure.of(new dev.scalpel.graph.TensorTooLargeException("w", "3221225472 bytes of external data")))
        .isEqualTo(new Failure(ExitCodes.INVALID_MODEL, "tensor 'w' has 3221225472 bytes of external data, more than"
            + " Scalpel holds in memory at once (2147483639)", false));
  }

  @Test
  void messagesWithLineBreaksBecomeOneLine() {
    // ONNX Runtime reports a failed node over several lines (issue 13, "Small").
    ModelNotRunnableException refused = new ModelNotRunnableException(ModelRole.ORIGINAL,
        ModelNotRunnableException.Stage.RUN, "Non-zero status code returned while running Reshape node.\n"
            + "  Name:'r' Status Message: cannot reshape\r\n{2,3} to {7}\n", null);
    assertThat(refused.ortMessage())
        .isEqualTo("Non-zero status code returned while running Reshape node. Name:'r' Status Message: cannot reshape {2,3} to {7}");
    assertThat(Failure.of(refused).message()).doesNotContain("\n").doesNotContain("\r")
        .endsWith("cannot reshape {2,3} to {7}");
    assertThat(Failure.of(new InvalidModelException("model breaks 2 structural rule(s):\n[cycle] a\n[cycle] b")).message())
        .isEqualTo("model breaks 2 structural rule(s): [cycle] a [cycle] b");
  }

  @Test
  void mapsRuntimeRefusalsAndBadInputData() {
    ModelNotRunnableException refused = new ModelNotRunnableException(ModelRole.REWRITTEN,
        ModelNotRunnableException.Stage.LOAD, "unknown op Foo", null);
    assertThat(Failure.of(refused).exitCode()).isEqualTo(ExitCodes.INVALID_MODEL);
    assertThat(Failure.of(refused).message()).contains("rewritten").contains("unknown op Foo");
    assertThat(Failure.of(new InputSpecException("x", "wrong shape")))
        .isEqualTo(new Failure(ExitCodes.USAGE, "input 'x': wrong shape", false));
    assertThat(Failure.of(new InputDataException("a.npy: bad header")))
        .isEqualTo(new Failure(ExitCodes.USAGE, "a.npy: bad header", false));
  }

  @Test
  void anythingElseIsAnInternalErrorOnOneLine() {
    Failure f = Failure.of(new NullPointerException("a\nb"));

    assertThat(f.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(f.internal()).isTrue();
    assertThat(f.message()).contains("NullPointerException: a").contains("please report").doesNotContain("\n");
  }

  @Test
  void outOfMemoryIsExit70OnOneLineNamingTheBudgetOptions() {
    Failure f = Failure.of(new OutOfMemoryError("Java heap space"), java.util.List.of("--fold-budget", "--max-check-bytes"));

    assertThat(f.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(f.message()).startsWith("out of memory").contains("lower --fold-budget or --max-check-bytes")
        .contains("JAVA_OPTS=-Xmx").doesNotContain("\n");
  }

  @Test
  void aCheckTooLargeToMakeIsACheckNotMade() {
    Failure f = Failure.of(new dev.scalpel.runtime.CheckTooLargeException(8L << 30, 1L << 30, "one run would need",
        "the check's memory budget", "raise it with --max-check-bytes"));

    assertThat(f.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(f.internal()).isFalse();
    assertThat(f.message()).isEqualTo("check not made: one run would need 8.0 GiB (8589934592 bytes), over the check's "
        + "memory budget of 1.0 GiB (1073741824 bytes); raise it with --max-check-bytes");
  }
}
