package dev.scalpel.runtime.inputs;

import java.io.IOException;

/**
 * A saved run was not written because its tensors pass the budget for the file: nothing was
 * written. An {@link IOException} because, like a full disk, it stops a write the command was
 * asked for; the message names the size, the budget and what to do.
 */
public final class SaveTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public SaveTooLargeException(String message) {
    super(message);
  }
}
