package dev.scalpel.graph.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of a model file, as the reader and the output scan take them: copied onto the heap
 * when the file is small, mapped when it is large.
 *
 * <p>Invariant: the buffer returned holds the file's bytes from offset 0, position 0, and is never
 * written; it may be shorter than the size asked for only if the file shrank while being read (the
 * parse then fails on the truncated message, as it would on a truncated file).
 *
 * <p>NOTE: mapping a file costs a map, page faults and, once the buffer is collected, an unmap
 * that interrupts every core (TLB shootdown); for a file of a few kilobytes that is most of the
 * time a small model's whole simplify takes. A copy costs nothing at that size, and keeps the
 * heap use small ({@link #HEAP_COPY_BELOW}).
 */
final class ModelFileBytes {
  /** Files smaller than this are copied onto the heap; larger ones are mapped. */
  static final int HEAP_COPY_BELOW = 256 << 10;

  private ModelFileBytes() {}

  /** The first {@code size} bytes of {@code channel} ({@code size} at most 2 GiB - 1). */
  static ByteBuffer of(FileChannel channel, long size) throws IOException {
    if (size >= HEAP_COPY_BELOW) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) size);
    while (bytes.hasRemaining()) {
      if (channel.read(bytes, bytes.position()) < 0) {
        break;
      }
    }
    return bytes.flip();
  }
}
