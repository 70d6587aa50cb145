package dev.scalpel.opset.lint.trt;

import java.util.Locale;

/**
 * The TensorRT ONNX parser releases the readiness rules know (reference A.1): 8.6 (the last
 * release that casts INT64 down to INT32) and 10.x.
 *
 * <p>NOTE: no TensorRT runs here; the ceilings follow the parser's documentation: 8.6's
 * operators.md says "up to opset 17" and it pins onnx 1.13 (IR 8); 10.0/10.1 state opsets 9 to 20
 * and pin onnx 1.16 (IR 10). The IR ceilings are inferred from the pinned onnx versions.
 */
public enum TrtVersion {
  V8_6("8.6", 7, 17, 8, false),
  V10("10", 9, 20, 10, true);

  private final String label;
  private final long minOpset;
  private final long maxOpset;
  private final long maxIrVersion;
  private final boolean nativeInt64;

  TrtVersion(String label, long minOpset, long maxOpset, long maxIrVersion, boolean nativeInt64) {
    this.label = label;
    this.minOpset = minOpset;
    this.maxOpset = maxOpset;
    this.maxIrVersion = maxIrVersion;
    this.nativeInt64 = nativeInt64;
  }

  /**
   * Reads {@code 8.6} or {@code 10} (also {@code 10.x}, {@code 10.1}...).
   *
   * @throws IllegalArgumentException naming the versions known
   */
  public static TrtVersion parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("8.6") || t.startsWith("8.6.")) {
      return V8_6;
    }
    if (t.equals("10") || t.startsWith("10.")) {
      return V10;
    }
    throw new IllegalArgumentException("unknown TensorRT version '" + text + "'; known: 8.6, 10");
  }

  public String label() {
    return label;
  }

  /** Below this opset the parser only warns that the model is "not guaranteed to work". */
  public long minOpset() {
    return minOpset;
  }

  public long maxOpset() {
    return maxOpset;
  }

  public long maxIrVersion() {
    return maxIrVersion;
  }

  /** Whether INT64 is a native type (9.0 and later) rather than cast down to INT32. */
  public boolean nativeInt64() {
    return nativeInt64;
  }
}
