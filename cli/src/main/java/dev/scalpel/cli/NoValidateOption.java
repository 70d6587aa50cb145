package dev.scalpel.cli;

import picocli.CommandLine.Option;

/**
 * {@code --no-validate} of the commands that check what they write through ONNX Runtime before
 * writing it: write without that check.
 */
final class NoValidateOption {
  @Option(names = "--no-validate", description = "Write the result without checking it through ONNX Runtime.")
  private boolean noValidate;

  /** Whether --no-validate was given: the written model is not checked. */
  boolean noValidate() {
    return noValidate;
  }
}
