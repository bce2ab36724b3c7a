package io.fedchain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Four equal validators on a lossless network with fixed delays commit blocks and agree. */
class EngineSmokeTest {

  static ChainKey key(int i) {
    byte[] s = new byte[32];
    s[31] = (byte) i;
    return ChainKey.fromSeed(s);
  }

  @Test
  void fourValidatorsShouldCommitTheSameBlocks() {
    List<ChainKey> keys = List.of(key(1), key(2), key(3), key(4));
    List<Genesis.Account> accounts = new ArrayList<>();
    for (ChainKey k : keys) {
      accounts.add(new Genesis.Account(k.id(), Roles.BOTH, 10, 0));
    }
    Genesis g = new Genesis("sim", 1_000, "softmax:8-2", 1, accounts, Params.defaults());
    VirtualTime time = new VirtualTime();
    Map<Hash32, byte[]> deltas = new HashMap<>();
    List<SimApp> apps = new ArrayList<>();
    List<TendermintEngine> engines = new ArrayList<>();
    for (ChainKey k : keys) {
      apps.add(new SimApp(k, g, deltas, s -> List.of()));
    }
    for (int i = 0; i < keys.size(); i++) {
      int self = i;
      Outbox out = new Outbox() {
        @Override
        public void broadcast(Proposal p) {
          for (int j = 0; j < keys.size(); j++) {
            if (j != self) {
              TendermintEngine e = engines.get(j);
              time.at(time.now() + 5, () -> e.onProposal(p));
            }
          }
        }

        @Override
        public void broadcast(Vote v) {
          for (int j = 0; j < keys.size(); j++) {
            if (j != self) {
              TendermintEngine e = engines.get(j);
              time.at(time.now() + 5, () -> e.onVote(v));
            }
          }
        }
      };
      engines.add(new TendermintEngine(keys.get(i), apps.get(i), out, time.scheduler(), new InMemoryVoteWal(),
          ConsensusMetrics.NOOP));
    }
    engines.forEach(TendermintEngine::start);
    time.runUntil(1_000);
    int heights = apps.stream().mapToInt(a -> a.committed.size()).min().orElse(0);
    assertTrue(heights >= 10, "committed heights: " + apps.stream().map(a -> a.committed.size()).toList());
    for (int h = 0; h < heights; h++) {
      Hash32 first = apps.get(0).committed.get(h).block().hash();
      for (SimApp a : apps) {
        assertEquals(first, a.committed.get(h).block().hash(), "height " + (h + 1));
      }
    }
  }
}
