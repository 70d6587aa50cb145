package dev.scalpel.runtime.convert;

/**
 * A bfloat16 model that the check cannot run even as its float32 emulation ({@link
 * Bfloat16Emulation}): the message names what cannot be emulated. The model is not called invalid
 * (ONNX Runtime's CPU provider merely lacks bfloat16 kernels); front ends report a check that could
 * not be made.
 */
public final class Bfloat16EmulationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Bfloat16EmulationException(String message) {
    super(message);
  }

  public Bfloat16EmulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
