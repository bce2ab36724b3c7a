package io.fedchain.consensus.sim;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.BlockBuilder;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.Outbox;
import io.fedchain.consensus.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a byzantine validator puts on the wire instead of what its (real) engine asked for:
 * nothing ({@code SILENT}), few of its votes ({@code WITHHOLD_VOTES}), two conflicting votes or
 * proposals to two halves of its peers ({@code EQUIVOCATE}, {@code DOUBLE_PROPOSE}), votes with a
 * malformed verdict list ({@code BAD_VERDICTS}). It relays nothing and reports no evidence; it
 * still catches up, so that it keeps taking part.
 */
final class ByzantineOutbox implements Outbox {
  private final SimNode node;
  private final Outbox honest;
  private final Random random;

  ByzantineOutbox(SimNode node, Outbox honest, Random random) {
    this.node = node;
    this.honest = honest;
    this.random = random;
  }

  private boolean does(Scenario.Behaviour b) {
    return node.behaviours.contains(b);
  }

  private List<Integer> peers() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < node.validators(); i++) {
      if (i != node.index) {
        out.add(i);
      }
    }
    java.util.Collections.shuffle(out, random);
    return out;
  }

  private void sendTo(List<Integer> to, SimNetwork.Msg m) {
    for (int i : to) {
      node.network().send(node.index, i, m);
    }
  }

  @Override
  public void broadcast(Proposal p) {
    if (does(Scenario.Behaviour.SILENT)) {
      return;
    }
    List<Integer> peers = peers();
    if (does(Scenario.Behaviour.DOUBLE_PROPOSE) && p.polRound() < 0) {
      Block other = alternative(p.block());
      if (other != null) {
        Proposal q = Proposal.sign(node.key, node.app.head().chainId(), p.round(), -1, other);
        int half = peers.size() / 2;
        sendTo(peers.subList(0, half), SimNode.message(p));
        sendTo(peers.subList(half, peers.size()), SimNode.message(q));
        return;
      }
    }
    sendTo(peers, SimNode.message(p));
  }

  /** Another valid block for the same height and round: the same transactions, one millisecond later. */
  private Block alternative(Block b) {
    try {
      return BlockBuilder.build(node.app.head(), node.key.id(), b.header().round(), b.header().timestampMillis() + 1,
          b.body().txs(), b.body().lastCommit(), node.sidecars()).block();
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void broadcast(Vote v) {
    if (does(Scenario.Behaviour.SILENT)) {
      return;
    }
    String chainId = node.app.head().chainId();
    if (does(Scenario.Behaviour.BAD_VERDICTS)) {
      int n = v.updates() + 1 + random.nextInt(3);
      v = Vote.sign(node.key, chainId, v.height(), v.round(), v.step(), v.blockHash(), new boolean[n], new short[n]);
    }
    List<Integer> peers = peers();
    if (does(Scenario.Behaviour.WITHHOLD_VOTES)) {
      if (random.nextInt(10) < 7) {
        return;
      }
      peers = peers.subList(0, random.nextInt(peers.size() + 1));
    }
    if (does(Scenario.Behaviour.EQUIVOCATE)) {
      Vote other = conflicting(v, chainId);
      int half = random.nextInt(peers.size() + 1);
      sendTo(peers.subList(0, half), SimNode.message(v));
      sendTo(peers.subList(half, peers.size()), SimNode.message(other));
      return;
    }
    sendTo(peers, SimNode.message(v));
  }

  /** A vote for the same height, round and step for something else: nil, or another proposed block. */
  private Vote conflicting(Vote v, String chainId) {
    List<Proposal> candidates = new ArrayList<>();
    for (Proposal p : node.proposalsSeen.getOrDefault(v.height(), List.of())) {
      if (!p.blockHash().equals(v.blockHash())) {
        candidates.add(p);
      }
    }
    Hash32 target = Hash32.ZERO;
    int updates = 0;
    if (v.isNil() || (!candidates.isEmpty() && random.nextBoolean())) {
      if (candidates.isEmpty()) {
        target = Hash32.sha256(v.hash().toBytes());
      } else {
        Proposal p = candidates.get(random.nextInt(candidates.size()));
        target = p.blockHash();
        updates = p.block().body().updates().size();
      }
    }
    boolean[] yes = new boolean[updates];
    java.util.Arrays.fill(yes, true);
    return Vote.sign(node.key, chainId, v.height(), v.round(), v.step(), target, yes, new short[updates]);
  }

  @Override
  public void evidence(TxBody.Evidence evidence) {}

  @Override
  public void behind(long height) {
    honest.behind(height);
  }
}
