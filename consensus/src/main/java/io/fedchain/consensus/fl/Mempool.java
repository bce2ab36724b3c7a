package io.fedchain.consensus.fl;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Transactions waiting for a block, and the deltas of pending model updates. Admission checks
 * what can be checked against the head (signature, membership, nonce not yet used, the update's
 * round, base model, codec, size and delta hash); the block's state transition checks the rest.
 * Bounded: beyond {@code maxTxs} new transactions are refused.
 */
public final class Mempool {
  private final String chainId;
  private final int maxTxs;
  private final Map<Hash32, SignedTx> txs = new LinkedHashMap<>();
  private final Map<Hash32, byte[]> deltas = new HashMap<>();

  public Mempool(String chainId, int maxTxs) {
    this.chainId = chainId;
    this.maxTxs = maxTxs;
  }

  /** Why a transaction was refused, or empty when it was admitted (or was already known). */
  public Optional<String> add(ChainState head, SignedTx tx, Optional<byte[]> delta) {
    Hash32 h = tx.hash();
    if (txs.containsKey(h)) {
      return Optional.empty();
    }
    if (txs.size() >= maxTxs) {
      return Optional.of("mempool full");
    }
    Member m = head.members().get(tx.signer());
    if (m == null) {
      return Optional.of("signer " + tx.signer() + " is not a member");
    }
    if (tx.nonce() < m.nonce()) {
      return Optional.of("nonce " + tx.nonce() + " already used");
    }
    if (!tx.verify(chainId)) {
      return Optional.of("bad signature");
    }
    if (tx.body() instanceof TxBody.Update u) {
      if (u.flRound() != head.round().round() || !u.baseModelHash().equals(head.round().modelHash())) {
        return Optional.of("update for round " + u.flRound() + ", the chain is in round " + head.round().round());
      }
      if (!u.codec().equals(head.params().codec()) || u.deltaSize() > head.params().maxDeltaBytes()) {
        return Optional.of("update codec or size does not match the chain's parameters");
      }
      if (delta.isEmpty() || delta.get().length != u.deltaSize() || !Hash32.sha256(delta.get()).equals(u.deltaHash())) {
        return Optional.of("the delta is missing or does not match its hash and size");
      }
      deltas.put(u.deltaHash(), delta.get());
    }
    txs.put(h, tx);
    return Optional.empty();
  }

  public Optional<byte[]> delta(Hash32 hash) {
    return Optional.ofNullable(deltas.get(hash));
  }

  public Map<Hash32, byte[]> deltas() {
    return deltas;
  }

  public int size() {
    return txs.size();
  }

  /**
   * Updates for the head's FL round from trainers without an update in it yet, one per trainer
   * (the earliest), in arrival order.
   */
  public List<SignedTx> updates(ChainState head) {
    RoundState r = head.round();
    List<MemberId> done = new ArrayList<>();
    r.accepted().forEach(u -> done.add(u.trainer()));
    r.rejected().forEach(u -> done.add(u.trainer()));
    r.pending().forEach(u -> done.add(u.trainer()));
    List<SignedTx> out = new ArrayList<>();
    for (SignedTx t : txs.values()) {
      if (t.body() instanceof TxBody.Update u && u.flRound() == r.round() && !done.contains(t.signer())
          && nonceReady(head, t, out)) {
        out.add(t);
        done.add(t.signer());
      }
    }
    return out;
  }

  /** Other transactions whose nonces follow the signers' accounts, in nonce order per signer, at most {@code max}. */
  public List<SignedTx> otherTxs(ChainState head, List<SignedTx> alreadyChosen, int max) {
    List<SignedTx> candidates = new ArrayList<>();
    for (SignedTx t : txs.values()) {
      if (!(t.body() instanceof TxBody.Update)) {
        candidates.add(t);
      }
    }
    candidates.sort(Comparator.comparing(SignedTx::signer).thenComparingLong(SignedTx::nonce));
    List<SignedTx> out = new ArrayList<>();
    List<SignedTx> chosen = new ArrayList<>(alreadyChosen);
    for (SignedTx t : candidates) {
      if (out.size() >= max) {
        break;
      }
      if (nonceReady(head, t, chosen)) {
        out.add(t);
        chosen.add(t);
      }
    }
    return out;
  }

  /** The transaction's nonce is the next one for its signer, given the transactions already chosen. */
  private static boolean nonceReady(ChainState head, SignedTx t, List<SignedTx> chosen) {
    Member m = head.members().get(t.signer());
    if (m == null) {
      return false;
    }
    long next = m.nonce() + chosen.stream().filter(c -> c.signer().equals(t.signer())).count();
    return t.nonce() == next;
  }

  /** Drops what the new head made useless: used nonces, updates of past rounds, their deltas. */
  public void prune(ChainState head) {
    txs.values().removeIf(t -> {
      Member m = head.members().get(t.signer());
      if (m == null || t.nonce() < m.nonce()) {
        return true;
      }
      return t.body() instanceof TxBody.Update u && u.flRound() < head.round().round();
    });
    deltas.keySet().retainAll(txs.values().stream().filter(t -> t.body() instanceof TxBody.Update)
        .map(t -> ((TxBody.Update) t.body()).deltaHash()).toList());
  }
}
