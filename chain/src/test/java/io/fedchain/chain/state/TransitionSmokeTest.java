package io.fedchain.chain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Genesis, two updates, their verdicts, the round closing: the transition's main path end to end. */
class TransitionSmokeTest {
  private final List<ChainKey> keys = List.of(key(1), key(2), key(3), key(4));
  private final Map<Hash32, byte[]> deltas = new HashMap<>();
  private final Map<Hash32, float[]> models = new HashMap<>();
  private final Sidecars sidecars = new Sidecars() {
    @Override
    public Optional<byte[]> delta(Hash32 h) {
      return Optional.ofNullable(deltas.get(h));
    }

    @Override
    public Optional<float[]> model(Hash32 h) {
      return Optional.ofNullable(models.get(h));
    }
  };

  private static ChainKey key(int i) {
    byte[] seed = new byte[32];
    seed[31] = (byte) i;
    return ChainKey.fromSeed(seed);
  }

  private Genesis genesis() {
    List<Genesis.Account> accounts = new ArrayList<>();
    for (ChainKey k : keys) {
      accounts.add(new Genesis.Account(k.id(), Roles.BOTH, 100, 50));
    }
    return new Genesis("smoke", 1_700_000_000_000L, "softmax", 7, accounts, Params.defaults().with("updatesToClose", "2"));
  }

  private CommitCertificate commit(Block b, boolean[] verdicts) {
    List<Vote> votes = new ArrayList<>();
    for (ChainKey k : keys) {
      votes.add(Vote.sign(k, "smoke", b.height(), 0, Vote.Step.PRECOMMIT, b.hash(), verdicts, new short[verdicts.length]));
    }
    return new CommitCertificate(b.height(), 0, b.hash(), votes);
  }

  private SignedTx update(ChainState s, ChainKey k, int seed) {
    float[] d = new float[7850];
    SeededRandom rng = new SeededRandom(seed);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian() * 0.01f;
    }
    byte[] bytes = DeltaCodec.parse("float32").encode(d);
    Hash32 h = Hash32.sha256(bytes);
    deltas.put(h, bytes);
    return SignedTx.sign(k, "smoke", new TxBody.Update(s.round().round(), s.round().modelHash(), h, bytes.length, 100,
        "float32"), s.members().get(k.id()).nonce());
  }

  @Test
  void updatesShouldBeSettledByVerdictsAndCloseTheRound() throws Exception {
    Genesis g = genesis();
    assertEquals(g, GenesisJson.parse(GenesisJson.write(g), "round trip"));
    ChainState s0 = g.initialState();
    models.put(s0.round().modelHash(), g.initialModel());

    BlockBuilder.Built b1 = BlockBuilder.build(s0, keys.get(0).id(), 0, s0.lastBlockTime() + 1000,
        List.of(update(s0, keys.get(0), 1), update(s0, keys.get(1), 2), update(s0, keys.get(2), 3)), Optional.empty(),
        sidecars);
    ChainState s1 = StateTransition.apply(s0, b1.block(), sidecars).state();
    assertEquals(s1.root(), b1.result().state().root());
    assertEquals(3, s1.round().pending().size());

    // Validators accept the first two updates and reject the third.
    CommitCertificate c1 = commit(b1.block(), new boolean[] {true, true, false});
    BlockBuilder.Built b2 = BlockBuilder.build(s1, keys.get(1).id(), 0, s1.lastBlockTime() + 1000, List.of(),
        Optional.of(c1), sidecars);
    StateTransition.Result r2 = StateTransition.apply(s1, b2.block(), sidecars);
    ChainState s2 = r2.state();
    assertEquals(1, s2.round().round(), "two accepted updates close the round (K = 2)");
    assertTrue(r2.newModel().isPresent());
    assertEquals(Hash32.wrap(Parameters.sha256(r2.newModel().get())), s2.round().modelHash());
    assertEquals(2, r2.events().stream().filter(e -> e instanceof Event.UpdateAccepted).count());
    assertEquals(1, r2.events().stream().filter(e -> e instanceof Event.UpdateRejected).count());
    assertEquals(50 + 10 + 1, s2.members().get(keys.get(0).id()).balance(), "update reward + validator reward");
    assertEquals(-10, s2.members().get(keys.get(2).id()).reputation());

    // Replaying the same update nonce fails; a tampered state root fails.
    assertThrows(InvalidBlockException.class, () -> BlockBuilder.build(s0, keys.get(0).id(), 0, s0.lastBlockTime() + 1,
        List.of(update(s0, keys.get(0), 1), update(s0, keys.get(0), 4)), Optional.empty(), sidecars));
    Block tampered = new Block(new io.fedchain.chain.types.BlockHeader(b1.block().header().chainId(), 1, 0,
        b1.block().header().parentHash(), b1.block().header().proposer(), b1.block().header().timestampMillis(),
        b1.block().header().txsRoot(), b1.block().header().updatesRoot(), b1.block().header().lastCommitHash(),
        Hash32.ZERO, 0, b1.block().header().modelHash()), b1.block().body());
    assertThrows(InvalidBlockException.class, () -> StateTransition.apply(s0, tampered, sidecars));
  }
}
