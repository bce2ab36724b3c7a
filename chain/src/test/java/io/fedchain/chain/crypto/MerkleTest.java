package io.fedchain.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers of {@link Merkle#root}. The expected hashes were computed outside Java from RFC
 * 6962's recursive definition (section 2.1), not from the level-by-level loop under test:
 *
 * <pre>
 * import hashlib
 * def H(b): return hashlib.sha256(b).digest()
 * def mth(d):                      # MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0)
 *     n = len(d)
 *     if n == 0: return H(b"")
 *     if n == 1: return H(b"\x00" + d[0])
 *     k = 1                        # the largest power of two smaller than n
 *     while k * 2 &lt; n: k *= 2
 *     return H(b"\x01" + mth(d[:k]) + mth(d[k:]))
 * </pre>
 *
 * and the two-leaf case once more with openssl:
 * {@code l0=$(printf '\x00\x00' | openssl dgst -sha256 -binary | xxd -p -c64)},
 * {@code l1=$(printf '\x00\x01' | ...)}, {@code echo "01$l0$l1" | xxd -r -p | openssl dgst -sha256}
 * = a20bf9a7...953a. The items of the "0..n-1" cases are the single bytes 0x00, 0x01, ...
 */
class MerkleTest {

  private static List<byte[]> bytesUpTo(int n) {
    List<byte[]> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new byte[] {(byte) i});
    }
    return items;
  }

  @Test
  void shouldMatchRfc6962RootsComputedOutsideJava() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Merkle.root(List.of()).toHex());
    assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        Merkle.root(List.of(new byte[0])).toHex());
    assertEquals("609f6e36d2405585188d5cfd761f407c7cc46a7d3f314c88270469dde315fcd1",
        Merkle.root(List.of("abc".getBytes(StandardCharsets.US_ASCII))).toHex());
    String[] expected = {
        null,
        null,
        "a20bf9a7cc2dc8a08f5f415a71b19f6ac427bab54d24eec868b5d3103449953a", // 0..1
        "3b6cccd7e3e023ff393006f030315ee7ad9eb111b022b41fba7e5b7a3973f688", // 0..2: odd leaf promoted
        "9bcd51240af4005168f033121ba85be5a6ed4f0e6a5fac262066729b8fbfdecb", // 0..3
        "b855b42d6c30f5b087e05266783fbd6e394f7b926013ccaa67700a8b0c5a596f", // 0..4
        "bb36e7d3d4cee5720cbd323d02fab15962e2ba1dadf5f8fc6eeef4fd6ad056a8", // 0..5
        "3560191803028444b232018ac047fdb561c09c23a7a6876c85e08b5e4d48e9f3", // 0..6
        "ef7f49b620f6c7ea9b963a214da34b5021c6ded8ed57734380a311ab726aa907", // 0..7
        "162a21c2230e0284ea38cb8739ee4bb75947a1acd5d529c638ec068969fb3c4a", // 0..8
    };
    for (int n = 2; n < expected.length; n++) {
      assertEquals(expected[n], Merkle.root(bytesUpTo(n)).toHex(), n + " items");
    }
  }

  @Test
  void aRootOfHashesShouldBeTheRootOverTheHashBytes() {
    List<Hash32> hashes = List.of(Hash32.sha256(new byte[] {1}), Hash32.sha256(new byte[] {2}),
        Hash32.sha256(new byte[] {3}));
    List<byte[]> items = hashes.stream().map(Hash32::toBytes).toList();
    assertEquals(Merkle.root(items), Merkle.rootOfHashes(hashes));
  }

  @Test
  void leavesAndInnerNodesShouldNotCollide() {
    // Without the 0x00/0x01 prefixes, the root over [H(a), H(b)]-style inner values could be
    // passed off as a one-leaf tree; with them, a leaf holding an inner node's preimage differs.
    byte[] l0 = Hash32.sha256(new byte[] {0, 0}).toBytes();
    byte[] l1 = Hash32.sha256(new byte[] {0, 1}).toBytes();
    byte[] innerPreimage = new byte[65];
    innerPreimage[0] = 1;
    System.arraycopy(l0, 0, innerPreimage, 1, 32);
    System.arraycopy(l1, 0, innerPreimage, 33, 32);
    assertNotEquals(Merkle.root(bytesUpTo(2)), Merkle.root(List.of(innerPreimage)));
    assertEquals(Merkle.root(bytesUpTo(2)), Hash32.sha256(innerPreimage));
    // Order matters.
    assertNotEquals(Merkle.root(bytesUpTo(2)), Merkle.root(List.of(new byte[] {1}, new byte[] {0})));
  }
}
