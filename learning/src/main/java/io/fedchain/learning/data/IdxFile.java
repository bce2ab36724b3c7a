package io.fedchain.learning.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the IDX format used by MNIST and Fashion-MNIST, raw or gzip-compressed (detected from
 * the first two bytes). Only unsigned-byte payloads (type 0x08) occur in these datasets.
 *
 * <p>The whole file is read and its size checked against the header before anything is returned,
 * so a truncated or padded file fails with its name and both sizes, and nothing half-loaded is
 * ever used.
 */
public final class IdxFile {
  private static final int UNSIGNED_BYTE = 0x08;
  /** Largest payload accepted; Fashion-MNIST's biggest file is 47 MB uncompressed. */
  private static final long MAX_BYTES = 1L << 30;

  private final Path path;
  private final int[] dims;
  private final byte[] data;

  private IdxFile(Path path, int[] dims, byte[] data) {
    this.path = path;
    this.dims = dims;
    this.data = data;
  }

  public static IdxFile read(Path path) {
    byte[] bytes = readAll(path);
    if (bytes.length < 4) {
      throw new DatasetException(path + ": truncated IDX header: expected at least 4 bytes, found "
          + bytes.length);
    }
    if (bytes[0] != 0 || bytes[1] != 0) {
      throw new DatasetException(String.format(
          "%s: not an IDX file: magic starts with %02x %02x, expected 00 00", path, bytes[0], bytes[1]));
    }
    int type = bytes[2] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new DatasetException(String.format(
          "%s: unsupported IDX element type 0x%02x, expected 0x08 (unsigned byte)", path, type));
    }
    int ndims = bytes[3] & 0xff;
    if (ndims == 0 || ndims > 4) {
      throw new DatasetException(path + ": IDX header declares " + ndims + " dimensions, expected 1 to 4");
    }
    int headerSize = 4 + 4 * ndims;
    if (bytes.length < headerSize) {
      throw new DatasetException(path + ": truncated IDX header: expected " + headerSize
          + " bytes, found " + bytes.length);
    }
    int[] dims = new int[ndims];
    long elements = 1;
    for (int d = 0; d < ndims; d++) {
      int off = 4 + 4 * d;
      dims[d] = ((bytes[off] & 0xff) << 24) | ((bytes[off + 1] & 0xff) << 16)
          | ((bytes[off + 2] & 0xff) << 8) | (bytes[off + 3] & 0xff);
      if (dims[d] < 0) {
        throw new DatasetException(path + ": IDX dimension " + d + " is negative (" + dims[d] + ")");
      }
      elements *= dims[d];
    }
    long expected = headerSize + elements;
    if (expected > MAX_BYTES) {
      throw new DatasetException(path + ": IDX header declares " + expected + " bytes, more than the "
          + MAX_BYTES + " accepted");
    }
    if (bytes.length != expected) {
      throw new DatasetException(path + ": " + (bytes.length < expected ? "truncated" : "corrupt")
          + " IDX file: header declares " + expected + " bytes (dimensions "
          + java.util.Arrays.toString(dims) + "), found " + bytes.length
          + (bytes.length < expected ? "" : " (trailing bytes)"));
    }
    byte[] data = new byte[(int) elements];
    System.arraycopy(bytes, headerSize, data, 0, data.length);
    return new IdxFile(path, dims, data);
  }

  private static byte[] readAll(Path path) {
    byte[] head;
    try {
      try (InputStream in = Files.newInputStream(path)) {
        head = in.readNBytes(2);
      }
      boolean gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
      if (!gzip) {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
          throw new DatasetException(path + ": " + size + " bytes, more than the " + MAX_BYTES + " accepted");
        }
        return Files.readAllBytes(path);
      }
      try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          if (total > MAX_BYTES) {
            throw new DatasetException(path + ": decompresses to more than " + MAX_BYTES + " bytes");
          }
          out.write(buf, 0, n);
        }
        return out.toByteArray();
      }
    } catch (NoSuchFileException e) {
      throw new DatasetException(path + ": no such file", e);
    } catch (EOFException e) {
      throw new DatasetException(path + ": truncated gzip stream (" + sizeOf(path)
          + " compressed bytes on disk); the download or copy is incomplete", e);
    } catch (ZipException e) {
      throw new DatasetException(path + ": corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new DatasetException(path + ": cannot read (" + e + ")", e);
    }
  }

  private static String sizeOf(Path path) {
    try {
      return Long.toString(Files.size(path));
    } catch (IOException e) {
      return "?";
    }
  }

  public Path path() {
    return path;
  }

  public int[] dims() {
    return dims.clone();
  }

  /** The payload; callers own it (the reader keeps no other reference they could observe). */
  public byte[] data() {
    return data;
  }
}
