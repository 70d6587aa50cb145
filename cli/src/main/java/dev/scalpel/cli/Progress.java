package dev.scalpel.cli;

import dev.scalpel.graph.io.WriteProgress;
import dev.scalpel.passes.PassResult;
import dev.scalpel.runtime.RunProgress;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Progress of a command that can run long, on the error stream (stdout stays the report): each
 * step as a plain line ({@code simplify: m.onnx: round 1, pass 3/9 fold-constants, 2 changes}) when
 * no terminal is attached, or one line rewritten in place when one is ({@link System#console()}).
 *
 * <p>Which: {@code --no-progress} or {@code -q} give none; {@code --progress} gives it always;
 * by default there is progress when a terminal is attached, and plain lines otherwise unless
 * {@code --json} is on stdout (a CI log reading JSON wants only the JSON) or the root command was
 * built without plain progress ({@link ScalpelCommand#commandLine(PrintWriter, PrintWriter, boolean)},
 * for tests that assert on the error stream).
 *
 * <p>Granularity: passes ({@link #pass}), each ONNX Runtime run of a check ({@link #runs}: {@code
 * m.onnx: original run 1/2 (batch=2)}), and the bytes of external data written ({@link #dataBytes}),
 * shown at each {@link #BYTE_STEPS}th of the total or after {@link #BYTE_INTERVAL_NANOS}, whichever
 * comes first, so a log gets at most about 20 lines per file plus one a second.
 */
final class Progress {
  /** How progress is shown. */
  enum Mode { OFF, LINES, TERMINAL }

  private static final Progress OFF = new Progress(Mode.OFF, null, "");

  /** Data progress is shown each 1/BYTE_STEPS of the total (5%). */
  static final int BYTE_STEPS = 20;

  /** ... or when this long has passed since it was last shown (one second). */
  static final long BYTE_INTERVAL_NANOS = 1_000_000_000L;

  private final Mode mode;
  private final PrintWriter err;
  private final String command;
  private int lastWidth;
  private String round = "";
  private int passIndex;
  private int passCount;

  private Progress(Mode mode, PrintWriter err, String command) {
    this.mode = mode;
    this.err = err;
    this.command = command;
  }

  /**
   * The progress of {@code spec}'s command.
   *
   * @param quiet whether {@code -q} was given
   * @param json whether stdout carries {@code --json}
   */
  static Progress of(CommandSpec spec, ScalpelCommand root, ProgressOptions options, boolean quiet, boolean json) {
    boolean terminal = System.console() != null;
    Boolean given = options.given();
    Mode mode;
    if (quiet || Boolean.FALSE.equals(given)) {
      mode = Mode.OFF;
    } else if (terminal) {
      mode = Mode.TERMINAL;
    } else if (Boolean.TRUE.equals(given) || (!json && root.plainProgress())) {
      mode = Mode.LINES;
    } else {
      mode = Mode.OFF;
    }
    return mode == Mode.OFF ? OFF : new Progress(mode, spec.commandLine().getErr(), spec.name());
  }

  Mode mode() {
    return mode;
  }

  /** Shows one step, e.g. {@code m.onnx (2/3)} or {@code m.onnx: validating in ONNX Runtime}. */
  void step(String what) {
    if (mode == Mode.OFF) {
      return;
    }
    String line = command + ": " + what;
    if (mode == Mode.LINES) {
      err.println(line);
    } else {
      // NOTE: blanks cover what is left of a longer previous line; no newline until done().
      err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    }
    err.flush();
  }

  /** The passes of the next model: {@code count} per round. */
  void startPasses(int count) {
    passCount = count;
    passIndex = 0;
    round = "";
  }

  /** Shows a pass that finished, as {@code model: round R, pass I/N ID, CHANGES}. */
  void pass(String model, PassResult r) {
    if (mode == Mode.OFF) {
      return;
    }
    String thisRound = Integer.toString(r.iteration());
    if (!thisRound.equals(round)) {
      round = thisRound;
      passIndex = 0;
    }
    passIndex++;
    step(String.format(Locale.ROOT, "%s: round %s, pass %d/%d %s, %s (%.1f ms)", model, round, passIndex,
        passCount, r.passId(), r.changes(), r.elapsed().toNanos() / 1e6));
  }

  /**
   * The runs of a check of {@code model}, each shown as it starts: {@code model: original run 1/2
   * (batch=2)}, then the rewritten model's.
   */
  RunProgress runs(String model) {
    if (mode == Mode.OFF) {
      return RunProgress.NONE;
    }
    return (role, run, runs, dims) -> step(model + ": " + role.label() + " run " + run + "/" + runs
        + " (" + Validation.dimsText(dims) + ")");
  }

  /**
   * The external data written for {@code model}: {@code model: data 12 MB of 240 MB (5%)}, at each
   * 5% and at least once a second while it grows; nothing when the write has no data files.
   */
  WriteProgress dataBytes(String model) {
    if (mode == Mode.OFF) {
      return WriteProgress.NONE;
    }
    return new WriteProgress() {
      private long shownStep = -1;
      private long shownAt = System.nanoTime();
      private long shownBytes = -1;

      @Override
      public void dataWritten(long done, long total) {
        if (total <= 0 || done == shownBytes) {
          return;
        }
        long stepNow = done * BYTE_STEPS / total;
        long now = System.nanoTime();
        if (stepNow > shownStep || now - shownAt >= BYTE_INTERVAL_NANOS) {
          shownStep = stepNow;
          shownAt = now;
          shownBytes = done;
          step(String.format(Locale.ROOT, "%s: data %s of %s (%d%%)", model, ByteCount.format(done),
              ByteCount.format(total), done * 100 / total));
        }
      }
    };
  }

  /** Ends the progress display: clears the terminal line. */
  void done() {
    if (mode == Mode.TERMINAL && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
      lastWidth = 0;
    }
  }
}
