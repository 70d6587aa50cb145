package dev.scalpel.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code scalpel} command: the root of the subcommands, the options they all share, and the
 * wiring of output streams and error handling. Holds no static state, so tests can run any
 * number of commands in one JVM through {@link #commandLine}.
 */
@Command(
    name = "scalpel",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "ONNX graph surgery for the JVM.",
    subcommands = {InspectCommand.class, ConvertCommand.class, ValidateCommand.class, CheckCommand.class,
        LintCommand.class, InferShapesCommand.class, FoldCommand.class, SimplifyCommand.class,
        SetDimsCommand.class, MakeDynamicCommand.class,
        ParameterizeResizeCommand.class, InsertResizeCommand.class, EditCommand.class, ExtractCommand.class,
        TrtCommand.class, AuditShapesCommand.class, RunCommand.class},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.INTERNAL_ERROR)
public final class ScalpelCommand implements Runnable {
  /** Options that bound a command's memory; an out-of-memory report names those the command has. */
  static final List<String> MEMORY_OPTIONS = List.of("--fold-budget", "--max-check-bytes");

  @Spec
  private CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On errors, print the stack trace too.")
  private boolean debug;

  private boolean plainProgress = true;

  /** Whether commands show progress as plain lines when no terminal is attached (see {@link Progress}). */
  boolean plainProgress() {
    return plainProgress;
  }

  /** Whether {@code --debug} was given (on this command or any subcommand). */
  boolean debug() {
    return debug;
  }

  @Override
  public void run() {
    // NOTE: `scalpel` alone is a usage error, as with git; the message names the subcommands.
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command (" + String.join(", ", spec.subcommands().keySet()) + ")");
  }

  /** A ready-to-execute command line that prints to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, true);
  }

  /**
   * A ready-to-execute command line that prints to {@code out} and {@code err}.
   *
   * @param plainProgress whether commands show progress as plain lines on {@code err} by default
   *     when no terminal is attached ({@code --progress} still does); tests that assert on what
   *     {@code err} holds turn it off
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean plainProgress) {
    ScalpelCommand scalpel = new ScalpelCommand();
    scalpel.plainProgress = plainProgress;
    CommandLine cl = new CommandLine(scalpel);
    cl.getCommandSpec().usageMessage().footer(ExitCodes.helpFooter());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(new UsageErrorHandler());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      ScalpelCommand root = cl.getCommand();
      return new ErrorReporter(commandLine.getErr(), root.debug, budgetOptions(commandLine)).report(ex);
    });
    // NOTE: picocli hands only Exceptions to the handler above; an Error leaves execute() with a
    // stack trace. An OutOfMemoryError is caught here, once the command's stack (and the memory it
    // held) is gone, and reported in one line naming the command's memory limits.
    CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
    cl.setExecutionStrategy(parseResult -> {
      try {
        return runLast.execute(parseResult);
      } catch (OutOfMemoryError e) {
        List<CommandLine> parsed = parseResult.asCommandLineList();
        CommandLine command = parsed.get(parsed.size() - 1);
        ScalpelCommand root = cl.getCommand();
        return new ErrorReporter(command.getErr(), root.debug, budgetOptions(command)).report(e);
      }
    });
    return cl;
  }

  /** The options of {@code command} that bound its memory, as an out-of-memory message names them. */
  private static List<String> budgetOptions(CommandLine command) {
    return MEMORY_OPTIONS.stream().filter(o -> command.getCommandSpec().findOption(o) != null).toList();
  }

  public static void main(String[] args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
