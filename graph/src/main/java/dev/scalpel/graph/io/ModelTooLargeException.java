package dev.scalpel.graph.io;

/**
 * The model's inline data would exceed protobuf's 2 GiB message limit. The message says how to
 * write it instead.
 */
public final class ModelTooLargeException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ModelTooLargeException(long inlineBytes) {
    super("the model's inline tensor data (" + inlineBytes + " bytes) exceeds protobuf's 2 GiB limit; "
        + "write it with external data (WriteOptions.Layout.EXTERNAL, or --external-data FILE on the command line)");
  }
}
