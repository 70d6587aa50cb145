package dev.scalpel.runtime.inputs;

import dev.scalpel.graph.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file (entries stored or deflated, as {@code
 * numpy.savez} and {@code numpy.savez_compressed} write them) of {@code .npy} files, one per array,
 * the entry {@code <key>.npy} holding the array named {@code key}.
 *
 * <p>Every entry other than folders must be a {@code .npy} file, and there must be at least one;
 * anything else is refused with an {@link InputDataException} naming the archive and the entry.
 * The map read keeps the order of the entries in the archive.
 */
public final class NpzFormat {
  private static final String SUFFIX = ".npy";

  private NpzFormat() {}

  /** Reads every array of the archive, by key. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InputDataException(file + " is a folder, not a .npz archive");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipFile zip = open(file)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String entryName = entry.getName();
        if (!entryName.endsWith(SUFFIX)) {
          throw new InputDataException(file + ": entry '" + entryName + "' is not a .npy file; a .npz archive holds only .npy arrays");
        }
        String key = entryName.substring(0, entryName.length() - SUFFIX.length());
        String source = file + " (entry '" + entryName + "')";
        if (out.containsKey(key)) {
          throw new InputDataException(source + ": the archive holds array '" + key + "' twice");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readAllBytes();
        } catch (IOException e) {
          // NOTE: damaged compressed data surfaces as ZipException or EOFException alike.
          throw new InputDataException(source + ": corrupt entry (" + e + ")", e);
        }
        out.put(key, NpyFormat.read(bytes, key, source));
      }
    }
    if (out.isEmpty()) {
      throw new InputDataException(file + ": the archive holds no .npy arrays");
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Writes the tensors as an archive, each under its key.
   *
   * @param compressed deflate the entries (as {@code numpy.savez_compressed}) or store them (as
   *     {@code numpy.savez})
   */
  public static void write(Map<String, ? extends Tensor> tensors, Path file, boolean compressed) throws IOException {
    try (OutputStream os = Files.newOutputStream(file)) {
      write(tensors, os, compressed);
    }
  }

  /**
   * Writes the archive to a stream, each tensor's data streamed from the tensor without a copy of
   * it whole (a stored entry's checksum is computed over the tensor's buffer first).
   */
  public static void write(Map<String, ? extends Tensor> tensors, OutputStream os, boolean compressed) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(os, 1 << 16));
    for (Map.Entry<String, ? extends Tensor> e : tensors.entrySet()) {
      Tensor tensor = e.getValue();
      byte[] header = NpyFormat.header(tensor);
      ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
      if (compressed) {
        entry.setMethod(ZipEntry.DEFLATED);
      } else {
        // NOTE: a stored entry must declare its size and checksum before its data.
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(tensor.data());
        long size = header.length + (long) tensor.data().remaining();
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
      }
      zip.putNextEntry(entry);
      NpyFormat.write(tensor, zip);
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }

  private static ZipFile open(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new InputDataException(file + ": not a .npz archive: not a valid zip file (" + e.getMessage() + ")", e);
    }
  }
}
