package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Value;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What replaces a match: one value per output of the root node, in order (existing values or
 * ones made by the {@link RewriteBuilder}); a null entry for an output nothing reads.
 */
public record Replacement(List<Value> outputs) {
  public Replacement {
    outputs = Collections.unmodifiableList(Arrays.asList(outputs.toArray(new Value[0])));
  }

  public static Replacement of(Value... outputs) {
    return new Replacement(Arrays.asList(outputs));
  }
}
