package io.fedchain.consensus.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Vote;
import io.fedchain.storage.Durability;
import io.fedchain.storage.KvStoreTransaction;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.StorageException;
import io.fedchain.storage.chain.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvVoteWalTest {
  private static final ChainKey KEY = ChainKey.fromSeed(new byte[32]);

  @TempDir
  Path dir;

  private static Vote vote(long height, int round, Vote.Step step, String block) {
    Hash32 h = Hash32.sha256(block.getBytes(StandardCharsets.UTF_8));
    return Vote.sign(KEY, "test", height, round, step, h, new boolean[] {true}, new short[] {12});
  }

  @Test
  void votesSurviveReopeningInOrderAndNewRecordsDoNotOverwriteOld() {
    Vote a = vote(1, 0, Vote.Step.PREVOTE, "a");
    Vote b = vote(2, 0, Vote.Step.PREVOTE, "b");
    Vote c = vote(2, 0, Vote.Step.PRECOMMIT, "b");
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      KvVoteWal wal = new KvVoteWal(kv);
      wal.record(a);
      wal.record(b);
    }
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      KvVoteWal wal = new KvVoteWal(kv);
      wal.record(c);
      assertEquals(List.of(b, c), wal.votes(2));
      assertEquals(List.of(a), wal.votes(1));
    }
  }

  @Test
  void lockProofsAreKeptApartFromOwnVotesAndSurviveReopening() {
    Vote own = vote(3, 1, Vote.Step.PRECOMMIT, "b");
    ChainKey other = ChainKey.fromSeed(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9});
    Vote proof = Vote.sign(other, "test", 3, 1, Vote.Step.PREVOTE, Hash32.sha256(new byte[] {1}), new boolean[0],
        new short[0]);
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      KvVoteWal wal = new KvVoteWal(kv);
      wal.recordLockProof(List.of(proof));
      wal.record(own);
    }
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      KvVoteWal wal = new KvVoteWal(kv);
      assertEquals(List.of(own), wal.votes(3));
      assertEquals(List.of(proof), wal.lockProofs(3));
      wal.prune(4);
      assertEquals(List.of(), wal.lockProofs(3));
    }
  }

  @Test
  void pruneDropsOnlyLowerHeights() {
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      KvVoteWal wal = new KvVoteWal(kv);
      for (int h = 1; h <= 5; h++) {
        wal.record(vote(h, 0, Vote.Step.PREVOTE, "x" + h));
        wal.record(vote(h, 1, Vote.Step.PRECOMMIT, "x" + h));
      }
      wal.prune(4);
      assertEquals(List.of(), wal.votes(3));
      assertEquals(2, wal.votes(4).size());
      assertEquals(2, wal.votes(5).size());
      assertEquals(4, kv.stream(Schema.CONSENSUS_WAL).count());
    }
  }

  @Test
  void anUnreadableRecordStopsTheValidatorWithAClearError() {
    try (RocksDbKvStore kv = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      try (KvStoreTransaction tx = kv.startTransaction()) {
        tx.put(Schema.CONSENSUS_WAL, 0L, new byte[] {1, 2, 3});
        tx.commit(Durability.SYNC);
      }
      KvVoteWal wal = new KvVoteWal(kv);
      StorageException e = assertThrows(StorageException.class, () -> wal.votes(1));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("consensus WAL record 0"), e.getMessage());
    }
  }
}
