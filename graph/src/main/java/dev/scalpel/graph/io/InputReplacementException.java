package dev.scalpel.graph.io;

import java.io.IOException;

/**
 * A write would replace a file the model was read from: the input model itself, or a data file it
 * (or the model being written) reads. Nothing was written.
 */
public final class InputReplacementException extends IOException {
  public InputReplacementException(String message) {
    super(message);
  }
}
