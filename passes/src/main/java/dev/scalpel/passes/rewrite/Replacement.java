package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Value;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What replaces a match: one value per output of the root node, in order (existing values or
 * ones made by the {@link RewriteBuilder}); a null entry for an output nothing reads. Or, from a
 * rule that {@linkplain RewriteRule#rewritesInPlace() rewrites in place}, the root itself with new
 * inputs and without some attributes ({@link #inPlace}): its outputs, and so their names, stay.
 *
 * @param outputs the values replacing the root's outputs; empty for an in-place replacement
 * @param rootInputs the root's new inputs, one per input; null unless in place
 * @param droppedAttributes the attributes the root loses in place
 */
public record Replacement(List<Value> outputs, List<Value> rootInputs, List<String> droppedAttributes) {
  public Replacement {
    outputs = Collections.unmodifiableList(Arrays.asList(outputs.toArray(new Value[0])));
    rootInputs = rootInputs == null ? null : Collections.unmodifiableList(Arrays.asList(rootInputs.toArray(new Value[0])));
    droppedAttributes = List.copyOf(droppedAttributes);
  }

  public static Replacement of(Value... outputs) {
    return new Replacement(Arrays.asList(outputs), null, List.of());
  }

  /** The root kept, reading {@code inputs} and without {@code droppedAttributes}. */
  public static Replacement inPlace(List<Value> inputs, List<String> droppedAttributes) {
    return new Replacement(List.of(), inputs, droppedAttributes);
  }

  public boolean isInPlace() {
    return rootInputs != null;
  }
}
