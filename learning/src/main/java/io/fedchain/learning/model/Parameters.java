package io.fedchain.learning.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Vector operations on flat parameters. Those that feed consensus (add, hash, byte form) are
 * element-wise or run in index order, so every JVM computes the same bits.
 */
public final class Parameters {
  private Parameters() {}

  /** {@code base + delta}, element by element. */
  public static float[] add(float[] base, float[] delta) {
    checkSameLength(base, delta);
    float[] out = new float[base.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = base[i] + delta[i];
    }
    return out;
  }

  /** {@code a - b}, element by element. */
  public static float[] subtract(float[] a, float[] b) {
    checkSameLength(a, b);
    float[] out = new float[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  public static float[] scale(float[] v, float factor) {
    float[] out = new float[v.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = v[i] * factor;
    }
    return out;
  }

  /** Euclidean norm, accumulated in double in index order. */
  public static double l2Norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /** Squared Euclidean distance, accumulated in double in index order. */
  public static double squaredDistance(float[] a, float[] b) {
    checkSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  /** Index of the first NaN or infinite element, or -1. */
  public static int firstNonFinite(float[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Canonical byte form: IEEE 754 binary32, little-endian (as safetensors and PyTorch). */
  public static byte[] toBytes(float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    return buf.array();
  }

  public static float[] fromBytes(byte[] bytes) {
    if (bytes.length % 4 != 0) {
      throw new IllegalArgumentException("parameter bytes must be a multiple of 4, got " + bytes.length);
    }
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /** SHA-256 of the canonical byte form: the model hash carried in block headers. */
  public static byte[] sha256(float[] v) {
    MessageDigest md = sha256();
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      if (!chunk.hasRemaining()) {
        md.update(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      chunk.putFloat(x);
    }
    md.update(chunk.array(), 0, chunk.position());
    return md.digest();
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static void checkSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
    }
  }
}
