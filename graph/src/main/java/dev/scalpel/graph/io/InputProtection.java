package dev.scalpel.graph.io;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a write must not replace unless {@link WriteOptions#replaceInputs()}: the model files
 * it was read from ({@link WriteOptions#inputFiles()}), the data files those read, and the data
 * files the model being written reads.
 *
 * <p>NOTE: replacing them would not corrupt the output (every read goes through files opened when
 * the model was read, and outputs are renamed into place only when complete), but it destroys the
 * user's input: {@code convert d/model.onnx -o d/model2.onnx --external-data model.onnx} would
 * replace the input model with raw weights.
 */
final class InputProtection {
  /** Each protected file with what it is, for the message. */
  private final Map<Path, String> files = new LinkedHashMap<>();

  private InputProtection() {}

  static InputProtection of(Model model, WriteOptions options) {
    InputProtection p = new InputProtection();
    for (Path input : options.inputFiles()) {
      p.files.putIfAbsent(input, "the input model");
      for (Path data : ExistingOutput.at(input).dataFiles()) {
        p.files.putIfAbsent(data, "a data file of the input model " + input.getFileName());
      }
    }
    for (ExternalTensor t : ExistingOutput.externalTensors(model)) {
      p.files.putIfAbsent(t.file(), "a data file the model reads (tensor '" + t.name() + "')");
    }
    return p;
  }

  /** Every protected file. */
  List<Path> files() {
    return List.copyOf(files.keySet());
  }

  /**
   * Refuses when any of {@code targets} is a protected file, unless the options allow replacing
   * inputs.
   */
  void check(Collection<Path> targets, WriteOptions options) throws InputReplacementException {
    if (options.replaceInputs()) {
      return;
    }
    for (Path target : targets) {
      for (Map.Entry<Path, String> e : files.entrySet()) {
        if (ExistingOutput.sameAsAny(target, List.of(e.getKey()))) {
          throw new InputReplacementException("refusing to replace " + target + ": it is " + e.getValue()
              + "; write to another name (or allow replacing inputs)");
        }
      }
    }
  }
}
