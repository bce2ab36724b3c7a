package io.fedchain.consensus.sim;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.learning.codec.DeltaCodec;
import java.util.Optional;
import java.util.Random;

/**
 * A trainer: once per FL round it "trains" (a small random delta; a poisoned trainer's delta
 * starts with {@link SentinelJudge#POISON}), signs an update transaction and gossips it with its
 * delta to the validators, again every so often until the chain records it. It follows the chain
 * through the most advanced honest validator, as a client of its node would. An honest trainer
 * sits out the rounds it is suspended for; a poisoned one does not.
 */
final class SimTrainer {
  private static final String CODEC = "float32";

  final int index;
  final ChainKey key;
  final boolean poisoned;
  private final Simulation sim;
  private final Random random;
  private long round = -1;
  private SimNetwork.Msg update;
  int sent;

  SimTrainer(Simulation sim, int index, ChainKey key, boolean poisoned) {
    this.sim = sim;
    this.index = index;
    this.key = key;
    this.poisoned = poisoned;
    this.random = sim.random;
  }

  int endpoint() {
    return -1 - index;
  }

  void tick() {
    Optional<ChainState> head = sim.referenceHead();
    if (head.isPresent()) {
      ChainState h = head.get();
      RoundState r = h.round();
      Member me = h.members().get(key.id());
      if (r.round() != round) {
        round = r.round();
        update = me.suspendedUntilRound() > round && !poisoned ? null : train(h, me);
      }
      if (update != null && !recorded(r)) {
        for (int v = 0; v < sim.scenario.validators(); v++) {
          sim.network.send(endpoint(), v, update);
        }
        sent++;
      }
    }
    sim.clock.after(150 + random.nextInt(150), this::tick);
  }

  private boolean recorded(RoundState r) {
    return r.accepted().stream().anyMatch(u -> u.trainer().equals(key.id()))
        || r.rejected().stream().anyMatch(u -> u.trainer().equals(key.id()))
        || r.pending().stream().anyMatch(u -> u.trainer().equals(key.id()));
  }

  private SimNetwork.Msg train(ChainState h, Member me) {
    float[] delta = new float[sim.modelSize];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (float) (random.nextGaussian() * 0.01);
    }
    if (poisoned) {
      delta[0] = SentinelJudge.POISON;
    }
    byte[] bytes = DeltaCodec.parse(CODEC).encode(delta);
    Hash32 hash = Hash32.sha256(bytes);
    if (poisoned) {
      sim.poisonedDeltas.add(hash);
    }
    TxBody.Update u = new TxBody.Update(h.round().round(), h.round().modelHash(), hash, bytes.length,
        10 + random.nextInt(100), CODEC);
    SignedTx tx = SignedTx.sign(key, h.chainId(), u, me.nonce());
    return new SimNetwork.Msg(tx.hash(), new SimNetwork.TxGossip(tx, Optional.of(bytes)));
  }
}
