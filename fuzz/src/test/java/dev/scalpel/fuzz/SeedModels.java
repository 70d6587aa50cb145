package dev.scalpel.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small valid models the structured targets start from: copies of corpus models
 * ({@code /work/shared/models}) and bundled test models ({@code testdata/models}), each under 10 KB,
 * listed in {@code seeds/index.txt} beside this class.
 */
final class SeedModels {
  private static final List<byte[]> ALL = load();

  private SeedModels() {}

  /** The serialized seed models, in the order of the index. */
  static List<byte[]> all() {
    return ALL;
  }

  private static List<byte[]> load() {
    List<byte[]> out = new ArrayList<>();
    for (String name : resource("seeds/index.txt").lines().filter(l -> !l.isBlank()).toList()) {
      out.add(bytes("seeds/" + name.strip()));
    }
    return List.copyOf(out);
  }

  private static String resource(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) {
    try (InputStream in = SeedModels.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
