package io.fedchain.consensus.store;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.VoteWal;
import io.fedchain.storage.ColumnEntry;
import io.fedchain.storage.Durability;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.KvStoreTransaction;
import io.fedchain.storage.StorageException;
import io.fedchain.storage.chain.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The validator's vote WAL in the {@code consensus_wal} column: one record per own vote, keyed by
 * a sequence number, committed with {@link Durability#SYNC} before {@link #record} returns; the
 * prevotes that justify a lock are records of a second kind. A record is a kind byte (0 own vote,
 * 1 lock proof) and the vote's encoding. The
 * column stays small (votes of the current height; {@link #prune} drops older ones), so reads scan
 * it whole.
 *
 * <p>Called on the consensus thread only.
 */
public final class KvVoteWal implements VoteWal {
  private final KvStore kv;
  private long nextSeq;

  public KvVoteWal(KvStore kv) {
    this.kv = kv;
    long last = -1;
    try (Stream<ColumnEntry<Long, byte[]>> s = kv.stream(Schema.CONSENSUS_WAL)) {
      for (var it = s.iterator(); it.hasNext(); ) {
        last = it.next().key();
      }
    }
    this.nextSeq = last + 1;
  }

  private static final byte OWN = 0;
  private static final byte LOCK_PROOF = 1;

  @Override
  public void record(Vote vote) {
    write(OWN, List.of(vote));
  }

  @Override
  public void recordLockProof(List<Vote> prevotes) {
    write(LOCK_PROOF, prevotes);
  }

  private void write(byte kind, List<Vote> votes) {
    if (votes.isEmpty()) {
      return;
    }
    try (KvStoreTransaction tx = kv.startTransaction()) {
      long seq = nextSeq;
      for (Vote v : votes) {
        byte[] enc = Vote.CODEC.encode(v);
        byte[] rec = new byte[enc.length + 1];
        rec[0] = kind;
        System.arraycopy(enc, 0, rec, 1, enc.length);
        tx.put(Schema.CONSENSUS_WAL, seq++, rec);
      }
      tx.commit(Durability.SYNC);
      nextSeq = seq;
    }
  }

  @Override
  public List<Vote> votes(long height) {
    return read(OWN, height);
  }

  @Override
  public List<Vote> lockProofs(long height) {
    return read(LOCK_PROOF, height);
  }

  private List<Vote> read(byte kind, long height) {
    List<Vote> out = new ArrayList<>();
    try (Stream<ColumnEntry<Long, byte[]>> s = kv.stream(Schema.CONSENSUS_WAL)) {
      for (var it = s.iterator(); it.hasNext(); ) {
        ColumnEntry<Long, byte[]> e = it.next();
        Vote v = decode(e);
        if (e.value()[0] == kind && v.height() == height) {
          out.add(v);
        }
      }
    }
    return out;
  }

  @Override
  public void prune(long height) {
    List<Long> old = new ArrayList<>();
    try (Stream<ColumnEntry<Long, byte[]>> s = kv.stream(Schema.CONSENSUS_WAL)) {
      for (var it = s.iterator(); it.hasNext(); ) {
        ColumnEntry<Long, byte[]> e = it.next();
        if (decode(e).height() < height) {
          old.add(e.key());
        }
      }
    }
    if (old.isEmpty()) {
      return;
    }
    try (KvStoreTransaction tx = kv.startTransaction()) {
      for (long k : old) {
        tx.delete(Schema.CONSENSUS_WAL, k);
      }
      tx.commit(Durability.NO_SYNC);
    }
  }

  private static Vote decode(ColumnEntry<Long, byte[]> e) {
    try {
      byte[] rec = e.value();
      if (rec.length < 1 || (rec[0] != OWN && rec[0] != LOCK_PROOF)) {
        throw new DecodingException("unknown record kind");
      }
      return Vote.CODEC.decode(java.util.Arrays.copyOfRange(rec, 1, rec.length), Limits.MAX_VOTE_BYTES);
    } catch (DecodingException ex) {
      // Never skip a record: a vote we cannot read might be one we must not contradict.
      throw new StorageException("consensus WAL record " + e.key() + " is unreadable (" + ex.getMessage()
          + "): the database is damaged: restore it from a backup (starting this validator afresh while the chain runs risks signing conflicting votes)", ex);
    }
  }
}
