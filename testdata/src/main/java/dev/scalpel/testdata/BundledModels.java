package dev.scalpel.testdata;

import java.io.InputStream;

/**
 * The models of {@code testdata/models}, bundled in this jar under {@code dev/scalpel/testdata/models}.
 *
 * <p>NOTE: the one place that opens them: the modules' tests run inside their named module, where
 * {@code SomeTest.class.getResourceAsStream} searches that module only; this class sits beside the
 * models, on the class path, and finds them.
 */
public final class BundledModels {
  private BundledModels() {}

  /** The bytes of {@code testdata/models/<fileName>}; the caller closes the stream. */
  public static InputStream open(String fileName) {
    InputStream in = BundledModels.class.getResourceAsStream("models/" + fileName);
    if (in == null) {
      throw new IllegalArgumentException("no bundled model " + fileName);
    }
    return in;
  }
}
