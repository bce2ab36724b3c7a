package io.fedchain.chain.state;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
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
import java.util.Set;

/**
 * Drives a chain in one process: signs transactions and precommits with deterministic keys,
 * keeps deltas and models in memory as the block's sidecars, and appends blocks the way a node
 * would: the proposer builds, a validator re-executes the received block, and both must agree.
 */
final class ChainDriver {
  /** Up to 8 members, keys from the seeds 1..8 (32-byte seeds {@code 00..0i}, as libp2p's vectors). */
  private static final int KEYS = 8;

  final Genesis genesis;
  final int modelSize;
  final Map<Hash32, byte[]> deltas = new HashMap<>();
  final Map<Hash32, float[]> models = new HashMap<>();
  final Sidecars sidecars = new Sidecars() {
    @Override
    public Optional<byte[]> delta(Hash32 h) {
      return Optional.ofNullable(deltas.get(h)).map(byte[]::clone);
    }

    @Override
    public Optional<float[]> model(Hash32 h) {
      return Optional.ofNullable(models.get(h)).map(float[]::clone);
    }
  };
  private final List<ChainKey> keys = new ArrayList<>();
  /** Results by height: {@code results.get(h - 1)} is block h's. */
  final List<StateTransition.Result> results = new ArrayList<>();
  final List<Block> blocks = new ArrayList<>();
  ChainState state;

  ChainDriver(Genesis genesis) {
    this.genesis = genesis;
    for (int i = 1; i <= KEYS; i++) {
      keys.add(key(i));
    }
    this.state = genesis.initialState();
    float[] model0 = genesis.initialModel();
    this.modelSize = model0.length;
    models.put(state.round().modelHash(), model0);
  }

  static ChainKey key(int seed) {
    byte[] s = new byte[32];
    s[31] = (byte) seed;
    return ChainKey.fromSeed(s);
  }

  String chainId() {
    return genesis.chainId();
  }

  Member member(ChainKey k) {
    return state.members().get(k.id());
  }

  Block head() {
    return blocks.get(blocks.size() - 1);
  }

  long nonce(ChainKey k) {
    Member m = member(k);
    return m == null ? 0 : m.nonce();
  }

  SignedTx tx(ChainKey k, TxBody body) {
    return tx(k, body, nonce(k));
  }

  SignedTx tx(ChainKey k, TxBody body, long nonce) {
    return SignedTx.sign(k, chainId(), body, nonce);
  }

  /** The delta a trainer sends with update {@code seed}: seeded Gaussian noise, encoded with the chain's codec. */
  float[] delta(long seed) {
    SeededRandom rng = new SeededRandom(seed);
    float[] d = new float[modelSize];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextGaussian() * 0.01);
    }
    return d;
  }

  static long samples(long seed) {
    return 100 + seed;
  }

  /** Signs an update for the round in progress and stores its delta as a sidecar. */
  SignedTx update(ChainKey k, long seed) {
    return update(k, seed, 0);
  }

  /** An update that follows {@code earlierTxs} other transactions of the same trainer in the block. */
  SignedTx update(ChainKey k, long seed, int earlierTxs) {
    byte[] bytes = DeltaCodec.parse(state.params().codec()).encode(delta(seed));
    Hash32 h = Hash32.sha256(bytes);
    deltas.put(h, bytes);
    return tx(k, new TxBody.Update(state.round().round(), state.round().modelHash(), h, bytes.length, samples(seed),
        state.params().codec()), nonce(k) + earlierTxs);
  }

  /** The keys of the validators that voted on the head block, in key order. */
  List<ChainKey> lastValidatorKeys() {
    List<ChainKey> out = new ArrayList<>();
    for (MemberId id : state.lastValidators().keySet()) {
      out.add(keys.stream().filter(k -> k.id().equals(id)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no key for validator " + id)));
    }
    return out;
  }

  /** Precommits of every validator of the head block, with {@code yes.get(i)} voting for its update i. */
  CommitCertificate commitAll(List<Set<ChainKey>> yes) {
    return commit(lastValidatorKeys(), yes);
  }

  /** Precommits for the head block by {@code signers} only; the others are absent. */
  CommitCertificate commit(List<ChainKey> signers, List<Set<ChainKey>> yes) {
    Block b = head();
    if (yes.size() != b.body().updates().size()) {
      throw new IllegalArgumentException(yes.size() + " verdict sets for " + b.body().updates().size() + " updates");
    }
    List<Vote> votes = new ArrayList<>();
    for (ChainKey signer : signers) {
      boolean[] verdicts = new boolean[yes.size()];
      short[] scores = new short[yes.size()];
      for (int i = 0; i < yes.size(); i++) {
        // ChainKey has no value equality: compare the members' ids.
        verdicts[i] = yes.get(i).stream().anyMatch(k -> k.id().equals(signer.id()));
        scores[i] = (short) (verdicts[i] ? 12 : -340);
      }
      votes.add(Vote.sign(signer, chainId(), b.height(), 0, Vote.Step.PRECOMMIT, b.hash(), verdicts, scores));
    }
    return new CommitCertificate(b.height(), 0, b.hash(), votes);
  }

  /** Builds the next block without appending it (to see it fail, or to tamper with it). */
  BlockBuilder.Built build(ChainKey proposer, long time, Optional<CommitCertificate> lastCommit, List<SignedTx> txs)
      throws InvalidBlockException, MissingSidecarException {
    return BlockBuilder.build(state, proposer.id(), 0, time, txs, lastCommit, sidecars);
  }

  /**
   * Appends the next block: built by {@code proposer}, then re-executed from the bytes' point of
   * view by {@link StateTransition#apply}, which must reach the same state.
   */
  StateTransition.Result append(ChainKey proposer, long time, Optional<CommitCertificate> lastCommit,
      SignedTx... txs) throws InvalidBlockException, MissingSidecarException {
    BlockBuilder.Built built = build(proposer, time, lastCommit, List.of(txs));
    StateTransition.Result applied = StateTransition.apply(state, built.block(), sidecars);
    if (!applied.state().equals(built.result().state())) {
      throw new IllegalStateException("block " + built.block().height() + ": the proposer's and the validator's"
          + " states differ");
    }
    applied.newModel().ifPresent(m -> {
      Hash32 h = Hash32.wrap(Parameters.sha256(m));
      if (!h.equals(applied.state().round().modelHash())) {
        throw new IllegalStateException("new model does not hash to the state's model hash");
      }
      models.put(h, m.clone());
    });
    state = applied.state();
    blocks.add(built.block());
    results.add(applied);
    return applied;
  }

  float[] model() {
    return models.get(state.round().modelHash()).clone();
  }
}
