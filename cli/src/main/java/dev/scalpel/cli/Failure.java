package dev.scalpel.cli;

import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.TensorTooLargeException;
import dev.scalpel.graph.io.InputReplacementException;
import dev.scalpel.graph.io.ModelTooLargeException;
import dev.scalpel.passes.convert.ConversionException;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.edit.GraphEditException;
import dev.scalpel.passes.extract.ExtractException;
import dev.scalpel.runtime.CheckTooLargeException;
import dev.scalpel.runtime.InputSpecException;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.NoRunnableDimsException;
import dev.scalpel.runtime.convert.Bfloat16EmulationException;
import dev.scalpel.runtime.inputs.InputDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;

/**
 * What the user is told about an exception: an exit status and a one-line message. {@link
 * #of(Throwable)} decides which exceptions are the user's mistakes and which are Scalpel's bugs.
 *
 * @param exitCode one of {@link ExitCodes}
 * @param message the text after {@code error: }
 * @param internal whether this is a bug in Scalpel rather than a problem with the user's input
 */
public record Failure(int exitCode, String message, boolean internal) {

  /** Maps an exception thrown while running a command. */
  public static Failure of(Throwable t) {
    return of(t, List.of());
  }

  /**
   * Maps an exception thrown while running a command whose options include {@code budgetOptions}
   * (such as {@code --fold-budget}), which an out-of-memory message names.
   */
  public static Failure of(Throwable t, List<String> budgetOptions) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return of(u.getCause(), budgetOptions);
    }
    if (t instanceof InvalidModelException || t instanceof ModelTooLargeException || t instanceof TensorTooLargeException) {
      return user(ExitCodes.INVALID_MODEL, t.getMessage());
    }
    if (t instanceof NoRunnableDimsException) {
      // NOTE: the model may be valid; Scalpel did not find sizes of its dynamic dims at which it
      // runs, so the check could not be made. The message names the dims and suggests --dims.
      return user(ExitCodes.CHECK_FAILED, t.getMessage());
    }
    if (t instanceof CheckTooLargeException) {
      // NOTE: nothing was run because no run fit the check's memory budget: a check that could not
      // be made, like NoRunnableDimsException; the message names --max-check-bytes and --dims.
      return user(ExitCodes.CHECK_FAILED, t.getMessage());
    }
    if (t instanceof Bfloat16EmulationException) {
      // NOTE: the bfloat16 model is not invalid, ONNX Runtime's CPU provider lacks its kernels and
      // the float32 emulation could not stand in: a check that could not be made, as NoRunnableDims.
      return user(ExitCodes.CHECK_FAILED, t.getMessage());
    }
    if (t instanceof ModelNotRunnableException) {
      // NOTE: the message names the model (original or rewritten) and carries ONNX Runtime's reason.
      return user(ExitCodes.INVALID_MODEL, t.getMessage());
    }
    if (t instanceof InputSpecException || t instanceof InputDataException) {
      // NOTE: user-supplied input data that does not fit the model is a mistake on the command line.
      return user(ExitCodes.USAGE, t.getMessage());
    }
    if (t instanceof ConversionException) {
      // NOTE: a conversion the model does not allow (an op with no form at the target opset), named.
      return user(ExitCodes.USAGE, t.getMessage());
    }
    if (t instanceof GraphEditException) {
      // NOTE: a name or an edit the model does not allow (no such tensor, a taken name).
      return user(ExitCodes.USAGE, t.getMessage());
    }
    if (t instanceof DimSpecException) {
      // NOTE: a shape or dim spec that does not fit the model (unknown input, wrong rank).
      return user(ExitCodes.USAGE, t.getMessage());
    }
    if (t instanceof ExtractException) {
      // NOTE: a cut the model does not allow (unknown tensor, not closed, an output reading no
      // input): the names on the command line are wrong, not the model.
      return user(ExitCodes.USAGE, t.getMessage());
    }
    if (t instanceof InputReplacementException) {
      // NOTE: a command-line mistake (an output named like an input file), found once the input
      // was read and its data files known; nothing was written.
      return user(ExitCodes.USAGE, t.getMessage() + " (--force allows it)");
    }
    if (t instanceof NoSuchFileException e) {
      return user(ExitCodes.USAGE, "no such file: " + e.getFile());
    }
    if (t instanceof AccessDeniedException e) {
      return user(ExitCodes.IO_ERROR, "permission denied: " + e.getFile());
    }
    if (t instanceof FileSystemException e) {
      return user(ExitCodes.IO_ERROR, fileSystemMessage(e));
    }
    if (t instanceof IOException) {
      return user(ExitCodes.IO_ERROR, t.getMessage() == null ? t.toString() : t.getMessage());
    }
    if (t instanceof OutOfMemoryError) {
      // NOTE: exit 70: the budgets exist so that a command refuses work it cannot do in memory; an
      // OutOfMemoryError means one did not predict it (or the heap is below what a model needs).
      return new Failure(ExitCodes.INTERNAL_ERROR, outOfMemory(budgetOptions), true);
    }
    String what = t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
    return new Failure(ExitCodes.INTERNAL_ERROR,
        "internal error: " + firstLine(what) + " (please report this with the output of --debug)", true);
  }

  /**
   * NOTE: a FileSystemException without a reason has only the path as its message ("error: /x/y"
   * says nothing), so the exception's kind supplies the reason.
   */
  private static String fileSystemMessage(FileSystemException e) {
    if (e.getReason() != null) {
      return e.getMessage();
    }
    String what;
    if (e instanceof FileAlreadyExistsException) {
      what = "already exists (and is in the way)";
    } else if (e instanceof NotDirectoryException) {
      what = "not a folder";
    } else if (e instanceof DirectoryNotEmptyException) {
      what = "folder is not empty";
    } else {
      what = "cannot access";
    }
    return what + ": " + e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile());
  }

  private static String outOfMemory(List<String> budgetOptions) {
    long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
    String lower = budgetOptions.isEmpty() ? "" : "lower " + String.join(" or ", budgetOptions) + ", or ";
    return "out of memory (JVM heap limit " + heapMiB + " MiB); " + lower
        + "give the JVM more heap with JAVA_OPTS=-Xmx<size>";
  }

  /**
   * NOTE: messages of the user's mistakes may carry text from elsewhere (ONNX Runtime reports a
   * failed node over several lines, a verifier lists its findings one per line); the line breaks
   * are collapsed so that the message stays the one line after {@code error: }.
   */
  private static Failure user(int exitCode, String message) {
    return new Failure(exitCode, message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " "), false);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
