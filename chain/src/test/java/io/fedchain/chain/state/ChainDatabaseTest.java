package io.fedchain.chain.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.store.ChainDatabase;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Roles;
import io.fedchain.storage.StorageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripted chain stored in real RocksDB, reopened, and read back typed. */
class ChainDatabaseTest {
  @TempDir
  Path dir;

  @Test
  void shouldStoreTheChainAndReadItBackAfterReopening() throws Exception {
    ChainDriver d = ChainScript.upTo(12);
    try (ChainDatabase db = ChainDatabase.open(dir)) {
      db.initialize(d.genesis);
      db.initialize(d.genesis);
      for (int h = 1; h <= 11; h++) {
        Block b = d.blocks.get(h - 1);
        CommittedBlock committed = new CommittedBlock(b, d.blocks.get(h).body().lastCommit().orElseThrow());
        StateTransition.Result r = d.results.get(h - 1);
        db.append(committed, d.deltas, r.state(), r.newModel());
      }
    }
    try (ChainDatabase db = ChainDatabase.open(dir)) {
      db.initialize(d.genesis);
      assertEquals(11L, db.headHeight().orElseThrow());
      assertEquals(d.genesis, db.genesis().orElseThrow());
      for (int h = 1; h <= 11; h++) {
        Block b = d.blocks.get(h - 1);
        assertEquals(b, db.block(h).orElseThrow().block());
        assertEquals(b, db.block(b.hash()).orElseThrow().block());
        assertEquals(d.results.get(h - 1).state().root(), db.state(h).orElseThrow().root());
      }
      ChainState last = db.state(11).orElseThrow();
      float[] model = db.model(last.round().modelHash()).orElseThrow();
      assertArrayEquals(d.models.get(last.round().modelHash()), model);
      assertTrue(db.block(d.genesis.hash()).isEmpty(), "the genesis is not a block");
      // A block re-executed from what the database holds reaches the stored state.
      Block b12 = d.blocks.get(11);
      assertEquals(d.results.get(11).state().root(),
          StateTransition.apply(last, b12, db.sidecars(d.deltas)).state().root());
    }
  }

  @Test
  void shouldRefuseTheDatabaseOfAnotherChain() {
    Genesis g = ChainScript.genesis();
    try (ChainDatabase db = ChainDatabase.open(dir)) {
      db.initialize(g);
    }
    Genesis other = new Genesis("other", g.genesisTimeMillis(), g.modelSpec(), g.initSeed(),
        List.of(new Genesis.Account(ChainDriver.key(9).id(), Roles.BOTH, 10, 0)), g.params());
    try (ChainDatabase db = ChainDatabase.open(dir)) {
      StorageException e = assertThrows(StorageException.class, () -> db.initialize(other));
      assertTrue(e.getMessage().contains(g.hash().shortHex()) && e.getMessage().contains("another data directory"),
          e.getMessage());
    }
  }

  @Test
  void shouldRefuseAMissingOrMismatchedDelta() throws Exception {
    ChainDriver d = ChainScript.upTo(2);
    try (ChainDatabase db = ChainDatabase.open(dir)) {
      db.initialize(d.genesis);
      Block b = d.blocks.get(0);
      CommittedBlock committed = new CommittedBlock(b, d.blocks.get(1).body().lastCommit().orElseThrow());
      assertThrows(IllegalArgumentException.class, () -> db.append(committed, java.util.Map.of(),
          d.results.get(0).state(), d.results.get(0).newModel()));
      Hash32 any = b.body().updates().get(0).deltaHash();
      assertThrows(IllegalArgumentException.class, () -> db.append(committed, java.util.Map.of(any, new byte[] {1}),
          d.results.get(0).state(), d.results.get(0).newModel()));
      assertEquals(0L, db.headHeight().orElseThrow());
    }
  }
}
