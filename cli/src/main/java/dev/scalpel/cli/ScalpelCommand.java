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
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.INTERNAL_ERROR)
public final class ScalpelCommand implements Runnable {
  /** The subcommands, in the order help lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(InspectCommand.class, ConvertCommand.class,
      ValidateCommand.class, CheckCommand.class, LintCommand.class, InferShapesCommand.class, FoldCommand.class,
      SimplifyCommand.class, SetDimsCommand.class, MakeDynamicCommand.class, ParameterizeResizeCommand.class,
      InsertResizeCommand.class, EditCommand.class, ExtractCommand.class, TrtCommand.class,
      AuditShapesCommand.class, RunCommand.class);

  /** Options that bound a command's memory; an out-of-memory report names those the command has. */
  static final List<String> MEMORY_OPTIONS = List.of("--fold-budget", "--max-check-bytes");

  @Spec
  private CommandSpec spec;

  /** The root option that takes no value: {@link #subcommandsFor} steps over it to find the command. */
  private static final String DEBUG_OPTION = "--debug";

  @Option(
      names = DEBUG_OPTION,
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
    return commandLine(out, err, plainProgress, SUBCOMMANDS);
  }

  /**
   * A ready-to-execute command line ({@code plainProgress} as in {@link #commandLine(PrintWriter,
   * PrintWriter, boolean)}) for {@code args} alone: only the subcommand they name is built
   * (none for {@code --version} alone), every subcommand when they name none or an unknown one (help,
   * the missing-command and unknown-command errors list them all). Executing {@code args} on it does
   * what executing them on {@link #commandLine(PrintWriter, PrintWriter)} does.
   *
   * <p>NOTE: picocli builds a command's model (options, mixins, converters) by reflection when the
   * command is added; for all seventeen that was most of a cold start (about 0.3 s of the 0.5 s of
   * {@code scalpel --version}), work no single run needs.
   */
  public static CommandLine forArguments(PrintWriter out, PrintWriter err, boolean plainProgress, String... args) {
    return commandLine(out, err, plainProgress, subcommandsFor(args));
  }

  /** The subcommands a run of {@code args} needs: see {@link #forArguments}. */
  static List<Class<?>> subcommandsFor(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return List.of();
    }
    for (String a : args) {
      if (a.equals(DEBUG_OPTION)) {
        continue; // the root option that takes no value and asks for no output of its own
      }
      if (a.startsWith("-")) {
        break; // --help, --version or an unknown option before the command: the root answers, listing all
      }
      for (Class<?> c : SUBCOMMANDS) {
        Command command = c.getAnnotation(Command.class);
        if (command.name().equals(a) || List.of(command.aliases()).contains(a)) {
          return List.of(c);
        }
      }
      break;
    }
    return SUBCOMMANDS;
  }

  private static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean plainProgress,
      List<Class<?>> subcommands) {
    ScalpelCommand scalpel = new ScalpelCommand();
    scalpel.plainProgress = plainProgress;
    CommandLine cl = new CommandLine(scalpel);
    for (Class<?> c : subcommands) {
      cl.addSubcommand(c);
    }
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
    int code = forArguments(out, err, true, args).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
