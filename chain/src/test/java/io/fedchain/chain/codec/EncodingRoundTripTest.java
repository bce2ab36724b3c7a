package io.fedchain.chain.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fedchain.chain.RandomChainObjects;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.Vote;
import java.util.Arrays;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type's encoding round-trips over many seeded random values (Teku's serializer tests). */
class EncodingRoundTripTest {
  private static final int SEEDS_SMALL = 200;
  private static final int SEEDS_LARGE = 40;

  static Stream<Arguments> casesAndSeeds() {
    return CodecCase.all().stream().flatMap(c -> LongStream.rangeClosed(1, c.small() ? SEEDS_SMALL : SEEDS_LARGE)
        .mapToObj(seed -> Arguments.of(c, seed)));
  }

  static Stream<CodecCase<?>> cases() {
    return CodecCase.all().stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("casesAndSeeds")
  <T> void decodeOfEncodeShouldGiveTheSameValueAndTheSameBytes(CodecCase<T> c, long seed) {
    T value = c.generate(seed);
    byte[] bytes = c.encode(value);
    T decoded = c.decode(bytes);
    assertEquals(value, decoded, c + " seed " + seed);
    assertArrayEquals(bytes, c.encode(decoded), c + " seed " + seed + ": re-encoding differs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  <T> void sameSeedShouldGiveTheSameBytesAndOtherSeedsOtherBytes(CodecCase<T> c) {
    // A failure report names a seed; that is only useful if the seed alone reproduces the value.
    assertArrayEquals(c.encode(c.generate(42)), c.encode(c.generate(42)), c.name());
    long distinct = LongStream.rangeClosed(1, 20).mapToObj(s -> Arrays.toString(c.encode(c.generate(s)))).distinct()
        .count();
    assertEquals(20, distinct, c + ": the generator repeats itself");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void hashesShouldBeTheSha256OfTheEncoding(long seed) {
    RandomChainObjects r = new RandomChainObjects(seed);
    Block b = r.block();
    assertEquals(Hash32.sha256(BlockHeader.CODEC.encode(b.header())), b.hash());
    SignedTx tx = r.signedTx();
    assertEquals(Hash32.sha256(SignedTx.CODEC.encode(tx)), tx.hash());
    Vote v = r.vote();
    assertEquals(Hash32.sha256(Vote.CODEC.encode(v)), v.hash());
    // Equal values have equal hashes; a one-bit change in a signature changes the transaction's hash.
    byte[] sig = tx.signature();
    sig[0] ^= 1;
    assertNotEquals(tx.hash(), new SignedTx(tx.body(), tx.signer(), tx.nonce(), sig).hash());
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 20);
  }
}
