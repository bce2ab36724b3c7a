package io.fedchain.chain.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.RandomChainObjects;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Domain;
import io.fedchain.chain.crypto.Hash32;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signed transactions and votes verify for their chain and domain only, and any change to a signed
 * field, the chain id or the domain makes them fail.
 */
class SignatureTest {
  private static final String CHAIN = "fedchain-test";

  private static ChainKey key(int i) {
    byte[] seed = new byte[32];
    seed[31] = (byte) i;
    return ChainKey.fromSeed(seed);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 30);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSignedTransactionShouldVerifyOnlyForItsChainAndItsFields(long seed) {
    RandomChainObjects r = new RandomChainObjects(seed);
    ChainKey k = key(1);
    for (int variant = 0; variant < RandomChainObjects.TX_VARIANTS; variant++) {
      TxBody body = r.txBody(variant);
      long nonce = r.uint64();
      SignedTx tx = SignedTx.sign(k, CHAIN, body, nonce);
      String what = body.getClass().getSimpleName() + ", seed " + seed;
      assertTrue(tx.verify(CHAIN), what);
      // Survives its own encoding.
      assertTrue(SignedTx.CODEC.decode(SignedTx.CODEC.encode(tx), Limits.MAX_TX_BYTES).verify(CHAIN), what);

      assertFalse(tx.verify(CHAIN + "x"), what + ": other chain id");
      assertFalse(tx.verify("fedchain-tes"), what + ": chain id prefix");
      assertFalse(tx.verify(""), what + ": empty chain id");
      TxBody other = r.txBody(variant);
      while (other.equals(body)) {
        other = r.txBody(variant);
      }
      assertFalse(new SignedTx(other, tx.signer(), nonce, tx.signature()).verify(CHAIN), what + ": other body");
      assertFalse(new SignedTx(body, key(2).id(), nonce, tx.signature()).verify(CHAIN), what + ": other signer");
      assertFalse(new SignedTx(body, tx.signer(), nonce ^ 1, tx.signature()).verify(CHAIN), what + ": other nonce");
      assertFalse(new SignedTx(body, tx.signer(), nonce, k.sign(SignedTx.domainOf(body), CHAIN, new SignedTx(other,
          tx.signer(), nonce, new byte[0]).signingPayload())).verify(CHAIN), what + ": signature of another body");
    }
  }

  @Test
  void everyBitOfATransactionSignatureShouldMatter() {
    SignedTx tx = SignedTx.sign(key(3), CHAIN, new TxBody.Bond(5), 0);
    for (int bit = 0; bit < 64 * 8; bit++) {
      byte[] sig = tx.signature();
      sig[bit >>> 3] ^= (byte) (1 << (bit & 7));
      assertFalse(new SignedTx(tx.body(), tx.signer(), tx.nonce(), sig).verify(CHAIN), "bit " + bit);
    }
  }

  @Test
  void aTransactionSignedUnderTheOtherDomainShouldNotVerify() {
    ChainKey k = key(4);
    // Updates are signed under fedchain/update, everything else under fedchain/tx; a signature made
    // for one purpose must not pass for the other, even over the same payload.
    TxBody update = new TxBody.Update(0, Hash32.sha256(new byte[] {1}), Hash32.sha256(new byte[] {2}), 100, 10,
        "float32");
    TxBody bond = new TxBody.Bond(7);
    for (TxBody body : List.of(update, bond)) {
      SignedTx unsigned = new SignedTx(body, k.id(), 3, new byte[64]);
      byte[] payload = unsigned.signingPayload();
      Domain right = body instanceof TxBody.Update ? Domain.UPDATE : Domain.TX;
      for (Domain d : Domain.values()) {
        SignedTx tx = new SignedTx(body, k.id(), 3, k.sign(d, CHAIN, payload));
        assertEquals(d == right, tx.verify(CHAIN), body.getClass().getSimpleName() + " signed under " + d.tag());
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aVoteShouldVerifyOnlyForItsChainAndItsFields(long seed) {
    RandomChainObjects r = new RandomChainObjects(seed);
    ChainKey k = key(5);
    int n = 1 + r.random().nextInt(20);
    boolean[] verdicts = new boolean[n];
    short[] scores = new short[n];
    for (int i = 0; i < n; i++) {
      verdicts[i] = r.random().nextBoolean();
      scores[i] = (short) r.random().nextInt(1 << 16);
    }
    long height = 1 + r.random().nextInt(1000);
    int round = r.random().nextInt(5);
    Hash32 block = r.hash();
    Vote v = Vote.sign(k, CHAIN, height, round, Vote.Step.PRECOMMIT, block, verdicts, scores);
    assertTrue(v.verify(CHAIN));
    assertTrue(Vote.CODEC.decode(Vote.CODEC.encode(v), Limits.MAX_VOTE_BYTES).verify(CHAIN));
    assertFalse(v.verify("other-chain"));

    List<Vote> changed = new ArrayList<>();
    byte[] sig = v.signature();
    changed.add(new Vote(height + 1, round, v.step(), block, k.id(), v.accepted(), scores, sig));
    changed.add(new Vote(height, round + 1, v.step(), block, k.id(), v.accepted(), scores, sig));
    changed.add(new Vote(height, round, Vote.Step.PREVOTE, block, k.id(), v.accepted(), scores, sig));
    changed.add(new Vote(height, round, v.step(), r.hash(), k.id(), v.accepted(), scores, sig));
    changed.add(new Vote(height, round, v.step(), Hash32.ZERO, k.id(), v.accepted(), scores, sig));
    changed.add(new Vote(height, round, v.step(), block, key(6).id(), v.accepted(), scores, sig));
    int i = r.random().nextInt(n);
    byte[] bitmap = v.accepted();
    bitmap[i >>> 3] ^= (byte) (1 << (i & 7));
    changed.add(new Vote(height, round, v.step(), block, k.id(), bitmap, scores, sig));
    short[] otherScores = scores.clone();
    otherScores[i]++;
    changed.add(new Vote(height, round, v.step(), block, k.id(), v.accepted(), otherScores, sig));
    for (Vote c : changed) {
      assertFalse(c.verify(CHAIN), "changed vote " + c + " still verifies");
    }
    sig[r.random().nextInt(64)] ^= 0x10;
    assertFalse(new Vote(height, round, v.step(), block, k.id(), v.accepted(), scores, sig).verify(CHAIN));
  }

  @Test
  void aVoteSignedUnderAnotherDomainShouldNotVerify() {
    ChainKey k = key(7);
    Vote v = Vote.sign(k, CHAIN, 1, 0, Vote.Step.PREVOTE, Hash32.ZERO, new boolean[0], new short[0]);
    for (Domain d : Domain.values()) {
      Vote resigned = new Vote(1, 0, Vote.Step.PREVOTE, Hash32.ZERO, k.id(), new byte[0], new short[0],
          k.sign(d, CHAIN, v.signingPayload()));
      assertEquals(d == Domain.VOTE, resigned.verify(CHAIN), d.tag());
    }
  }

  @Test
  void signaturesShouldBeDeterministic() {
    // Ed25519 (RFC 8032) signatures depend on the key and message only: a node re-signing after a
    // restart produces the same bytes, which its double-sign guard relies on.
    ChainKey k = key(8);
    TxBody body = new TxBody.Unbond(9);
    assertEquals(SignedTx.sign(k, CHAIN, body, 1), SignedTx.sign(k, CHAIN, body, 1));
    assertNotEquals(SignedTx.sign(k, CHAIN, body, 1), SignedTx.sign(k, CHAIN, body, 2));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomKeysAndSignaturesShouldFailVerificationWithoutThrowing(long seed) {
    // Keys decoded from the wire are arbitrary 32-byte strings, most not curve points.
    RandomChainObjects r = new RandomChainObjects(seed);
    assertFalse(r.signedTx().verify(CHAIN));
    assertFalse(r.vote().verify(CHAIN));
  }

  @Test
  void conflictingVotesShouldBeSameValidatorHeightRoundAndStepWithDifferentContent() {
    ChainKey k = key(9);
    Hash32 a = Hash32.sha256(new byte[] {1});
    Hash32 b = Hash32.sha256(new byte[] {2});
    Vote va = Vote.sign(k, CHAIN, 5, 1, Vote.Step.PRECOMMIT, a, new boolean[0], new short[0]);
    Vote vb = Vote.sign(k, CHAIN, 5, 1, Vote.Step.PRECOMMIT, b, new boolean[0], new short[0]);
    Vote nil = Vote.sign(k, CHAIN, 5, 1, Vote.Step.PRECOMMIT, Hash32.ZERO, new boolean[0], new short[0]);
    Vote otherVerdicts = Vote.sign(k, CHAIN, 5, 1, Vote.Step.PRECOMMIT, a, new boolean[] {true}, new short[] {3});
    assertTrue(va.conflictsWith(vb));
    assertTrue(va.conflictsWith(nil));
    assertTrue(va.conflictsWith(otherVerdicts));
    assertFalse(va.conflictsWith(va));
    assertFalse(va.conflictsWith(Vote.sign(k, CHAIN, 5, 1, Vote.Step.PREVOTE, b, new boolean[0], new short[0])));
    assertFalse(va.conflictsWith(Vote.sign(k, CHAIN, 5, 2, Vote.Step.PRECOMMIT, b, new boolean[0], new short[0])));
    assertFalse(va.conflictsWith(Vote.sign(k, CHAIN, 6, 1, Vote.Step.PRECOMMIT, b, new boolean[0], new short[0])));
    assertFalse(va.conflictsWith(Vote.sign(key(10), CHAIN, 5, 1, Vote.Step.PRECOMMIT, b, new boolean[0],
        new short[0])));
  }
}
