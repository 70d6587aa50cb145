package dev.scalpel.passes.fold;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the readers of identical small initializers (same element type, dims and bytes) read the
 * first of them; the others become unused. Initializers that are graph inputs or graph outputs are
 * left alone: they belong to the model's signature.
 */
final class InitializerDeduplication {
  private InitializerDeduplication() {}

  private record Key(DataType dataType, List<Long> dims, ByteBuffer data) {}

  /** Deduplicates the initializers of {@code g} of at most {@code maxBytes} bytes each. */
  static int run(Graph g, long maxBytes) {
    Map<Key, Value> first = new HashMap<>();
    int merged = 0;
    for (Value v : new ArrayList<>(g.initializers())) {
      if (v.isGraphInput() || v.isGraphOutput() || !v.isUsed()) {
        continue;
      }
      Tensor t = v.initializer().orElseThrow();
      if (t.byteSize() > maxBytes || t.dataType() == DataType.STRING || t.isExternal()) {
        continue;
      }
      Key key = new Key(t.dataType(), Arrays.stream(t.dims()).boxed().toList(), t.data());
      Value kept = first.putIfAbsent(key, v);
      if (kept != null) {
        v.replaceAllUsesWith(kept);
        merged++;
      }
    }
    return merged;
  }
}
