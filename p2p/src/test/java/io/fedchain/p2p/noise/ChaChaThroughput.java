package io.fedchain.p2p.noise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Not a test: the measurement behind CipherState's choice of ChaCha20-Poly1305 implementation.
 * Each engine is used as a Noise transport uses it (one init per message with the next nonce,
 * empty associated data); trials of the two alternate so background load hits both alike, and the
 * median of the trials is reported. Run after {@code mvn -o -q -pl p2p test-compile}:
 *
 * <pre>
 * java -cp p2p/target/test-classes:p2p/target/classes:$HOME/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar \
 *   io.fedchain.p2p.noise.ChaChaThroughput
 * </pre>
 */
public final class ChaChaThroughput {
  private static final long BYTES_PER_TRIAL = 128L << 20;
  private static final int TRIALS = 9;
  private static long counter;

  private interface Engine {
    void seal(long nonce, byte[] in, int len, byte[] out) throws Exception;

    void open(long nonce, byte[] in, int len, byte[] out) throws Exception;
  }

  private static byte[] nonce(long n) {
    byte[] b = new byte[12];
    for (int i = 0; i < 8; i++) {
      b[4 + i] = (byte) (n >>> (8 * i));
    }
    return b;
  }

  private static Engine jdk(byte[] key) throws Exception {
    SecretKeySpec spec = new SecretKeySpec(key, "ChaCha20");
    Cipher seal = Cipher.getInstance("ChaCha20-Poly1305");
    Cipher open = Cipher.getInstance("ChaCha20-Poly1305");
    return new Engine() {
      public void seal(long n, byte[] in, int len, byte[] out) throws Exception {
        seal.init(Cipher.ENCRYPT_MODE, spec, new IvParameterSpec(nonce(n)));
        seal.doFinal(in, 0, len, out, 0);
      }

      public void open(long n, byte[] in, int len, byte[] out) throws Exception {
        open.init(Cipher.DECRYPT_MODE, spec, new IvParameterSpec(nonce(n)));
        open.doFinal(in, 0, len, out, 0);
      }
    };
  }

  private static Engine bouncyCastle(byte[] key) {
    KeyParameter k = new KeyParameter(key);
    ChaCha20Poly1305 seal = new ChaCha20Poly1305();
    ChaCha20Poly1305 open = new ChaCha20Poly1305();
    return new Engine() {
      public void seal(long n, byte[] in, int len, byte[] out) throws Exception {
        seal.init(true, new AEADParameters(k, 128, nonce(n), null));
        seal.doFinal(out, seal.processBytes(in, 0, len, out, 0));
      }

      public void open(long n, byte[] in, int len, byte[] out) throws Exception {
        open.init(false, new AEADParameters(k, 128, nonce(n), null));
        open.doFinal(out, open.processBytes(in, 0, len, out, 0));
      }
    };
  }

  /** Plaintext MB/s of sealing (decrypt=false) or opening messages of {@code size} bytes. */
  private static double trial(Engine e, int size, boolean decrypt) throws Exception {
    byte[] plain = new byte[size];
    byte[] sealed = new byte[size + 16];
    long first = counter;
    long done = 0;
    long start = System.nanoTime();
    while (done < BYTES_PER_TRIAL) {
      e.seal(counter++, plain, size, sealed);
      if (decrypt) {
        e.open(counter - 1, sealed, size + 16, plain);
      }
      done += size;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (counter == first) {
      throw new AssertionError();
    }
    return done / 1e6 / seconds;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  public static void main(String[] args) throws Exception {
    byte[] key = new byte[32];
    Engine jdk = jdk(key);
    Engine bc = bouncyCastle(key);
    System.out.printf("%s, %d cores%n", System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
    for (int size : new int[] {NoiseFrames.MAX_PLAINTEXT_LENGTH, 1024}) {
      for (boolean decrypt : new boolean[] {false, true}) {
        for (int w = 0; w < 3; w++) {
          trial(jdk, size, decrypt);
          trial(bc, size, decrypt);
        }
        List<Double> j = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int t = 0; t < TRIALS; t++) {
          j.add(trial(jdk, size, decrypt));
          b.add(trial(bc, size, decrypt));
        }
        System.out.printf("%5d-byte messages, %-16s JDK %6.1f MB/s   Bouncy Castle %6.1f MB/s   (medians of %d)%n",
            size, decrypt ? "seal + open:" : "seal only:", median(j), median(b), TRIALS);
      }
    }
  }
}
