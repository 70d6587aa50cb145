package dev.scalpel.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --load-inputs FILE|NAME=FILE} of the commands that run models ({@code validate}, {@code run}):
 * input data instead of random values, read by {@link dev.scalpel.runtime.inputs.InputFile}. The
 * former name {@code --inputs} stays as a hidden alias for one release ({@link RetiredNames}); it
 * was renamed because {@code extract --inputs} names the tensors where a cut begins.
 */
final class InputDataOption {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--load-inputs", paramLabel = "FILE|NAME=FILE",
      description = "Input data instead of random values (repeatable): npy and pb (TensorProto) files hold one "
          + "tensor, named NAME or after the file; npz and json files name theirs.")
  private List<String> files = new ArrayList<>();

  private final RetiredNames.Values<String> retired = new RetiredNames.Values<>("--inputs");

  @Option(names = "--inputs", hidden = true, description = "Former name of --load-inputs.")
  void inputs(List<String> given) {
    retired.set(mixee, given);
  }

  /** The input files, as given ({@code FILE} or {@code NAME=FILE}): --load-inputs, then --inputs. */
  List<String> files() {
    return retired.after(files);
  }
}
