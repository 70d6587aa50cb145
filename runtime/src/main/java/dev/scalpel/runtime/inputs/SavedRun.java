package dev.scalpel.runtime.inputs;

import dev.scalpel.graph.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a model as {@code scalpel run --save-outputs} keeps it: the inputs it ran on and the
 * outputs it gave, each by name in the model's order. {@code inputs} is empty when the file held
 * outputs only (a plain {@code .npz} or JSON of outputs, whose inputs come from {@code --load-inputs}).
 *
 * <p>Invariant: each tensor's map key is its name; both maps are unmodifiable.
 */
public record SavedRun(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
  public SavedRun {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /** Bytes of tensor data in both maps (string tensors by the sum of their lengths). */
  public long dataBytes() {
    long n = 0;
    for (Tensor t : inputs.values()) {
      n = Math.addExact(n, t.byteSize());
    }
    for (Tensor t : outputs.values()) {
      n = Math.addExact(n, t.byteSize());
    }
    return n;
  }
}
