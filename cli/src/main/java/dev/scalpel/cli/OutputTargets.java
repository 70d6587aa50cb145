package dev.scalpel.cli;

import dev.scalpel.graph.io.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The output options of commands that write one model per input ({@code -o OUT}, {@code -O DIR},
 * {@code --force}), and the checks that map inputs to output files before anything is read:
 * exactly one of -o/-O, -o with a single input, no two inputs onto one output, and never the
 * input itself without --force. The files the input reads (its external data) are known only once
 * it is read: {@link #protecting} hands them to the writer, which refuses to replace them.
 */
final class OutputTargets {
  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output model file (one input only).")
  private Path output;

  @Option(names = {"-O", "--output-dir"}, paramLabel = "DIR",
      description = "Output folder; each model keeps its file name.")
  private Path outputDir;

  @Option(names = "--force", description = "Allow replacing the input file itself or a data file it reads.")
  private boolean force;

  @Option(names = "--mkdirs", description = "Create the output's folder if it does not exist (else that is an error).")
  private boolean mkdirs;

  /** Whether -o or -O was given. */
  boolean given() {
    return output != null || outputDir != null;
  }

  /**
   * The output file of each input, in order.
   *
   * @param verb what the command does to several models, for the usage message ("convert")
   * @throws ParameterException for any usage mistake
   */
  List<Path> resolve(List<Path> inputs, CommandSpec spec, String verb) throws IOException {
    if ((output == null) == (outputDir == null)) {
      throw usage(spec, "give either -o OUT (one input) or -O DIR (any number of inputs)");
    }
    if (output != null && inputs.size() > 1) {
      throw usage(spec, "-o takes one input; use -O DIR to " + verb + " " + inputs.size() + " models");
    }
    if (output != null && Files.isDirectory(output)) {
      throw usage(spec, output + " is a folder; use -O " + output + " to write into it");
    }
    if (outputDir != null && Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw usage(spec, outputDir + " is not a folder");
    }
    List<Path> targets = new ArrayList<>();
    Map<Path, Path> byName = new HashMap<>();
    for (Path in : inputs) {
      if (!Files.isRegularFile(in)) {
        throw usage(spec, Files.exists(in) ? in + " is not a file" : "no such file: " + in);
      }
      Path target = output != null ? output : outputDir.resolve(in.getFileName());
      Path clash = byName.putIfAbsent(target.getFileName(), in);
      if (clash != null) {
        throw usage(spec, clash + " and " + in + " would both be written to " + target);
      }
      if (!force && Files.exists(target) && Files.isSameFile(in, target)) {
        throw usage(spec, "refusing to overwrite the input " + in + "; pass --force to replace it");
      }
      targets.add(target);
    }
    // NOTE: a mistyped folder would otherwise be created silently, with the result somewhere the
    // user does not look. A path through a file is left to the write, which reports it (exit 1).
    Path folder = output != null ? output.toAbsolutePath().getParent() : outputDir;
    if (!mkdirs && folder != null && !Files.exists(folder)) {
      throw usage(spec, "the output folder " + folder + " does not exist; pass --mkdirs to create it");
    }
    return targets;
  }

  /**
   * {@code options} protecting {@code input} (the model file the output is made from) and its data
   * files from being replaced by the write, unless --force.
   */
  WriteOptions protecting(WriteOptions options, Path input) {
    return options.withInputFile(input).withReplaceInputs(force);
  }

  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
