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

  /**
   * Equal when type, dims and bytes are. NOTE: the hash reads at most {@link #SAMPLES} bytes spread
   * over the data, not all of it: hashing every weight in full cost more than the rest of the
   * pass; equal hashes (same shape, same sampled bytes) are rare unless the data is equal.
   */
  private record Key(DataType dataType, List<Long> dims, ByteBuffer data) {
    private static final int SAMPLES = 64;

    @Override
    public int hashCode() {
      int h = dataType.hashCode() * 31 + dims.hashCode();
      int n = data.remaining();
      int step = Math.max(1, n / SAMPLES);
      for (int i = 0; i < n; i += step) {
        h = h * 31 + data.get(data.position() + i);
      }
      return h * 31 + n;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && dataType == k.dataType && dims.equals(k.dims) && data.equals(k.data);
    }
  }

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
