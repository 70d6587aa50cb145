package dev.scalpel.cli;

import dev.scalpel.graph.io.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * The model file a one-model edit command reads and where its edited copy goes: {@code MODEL},
 * the output options ({@link OutputTargets}) and the data layout ({@link DataLayoutOptions}).
 * Shared by {@code edit *}, {@code make-dynamic}, {@code insert-resize} and {@code
 * parameterize-resize}, which load MODEL, edit a copy, check it and write it.
 *
 * <p>Invariant: the target is resolved and checked against the layout ({@link #target}) before
 * MODEL is read, and the write never replaces MODEL or a data file it reads unless {@code --force}
 * ({@link #writeOptions}).
 */
final class EditedModel {
  @Parameters(index = "0", paramLabel = "MODEL", description = "ONNX model file.")
  private Path input;

  @Mixin
  private OutputTargets outputTargets;

  @Mixin
  private DataLayoutOptions layout;

  /** MODEL, the file edited. */
  Path input() {
    return input;
  }

  /**
   * The file the edited model goes to ({@code -o}, or MODEL's name in {@code -O DIR}), checked
   * against the data layout options.
   *
   * @param verb what the command does, for the usage message of {@code -o} with several inputs
   * @throws picocli.CommandLine.ParameterException for any usage mistake
   */
  Path target(CommandSpec spec, String verb) throws IOException {
    Path target = outputTargets.resolve(List.of(input), spec, verb).get(0);
    layout.checkTargets(List.of(input), List.of(target), spec);
    return target;
  }

  /**
   * How the edited model is written: the layout the options ask for, protecting MODEL and its data
   * files unless {@code --force}.
   *
   * @throws picocli.CommandLine.ParameterException for conflicting layout options
   */
  WriteOptions writeOptions(CommandSpec spec) {
    return outputTargets.protecting(layout.writeOptions(spec), input);
  }
}
