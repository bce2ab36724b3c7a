package io.fedchain.node.cli;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.BlockBuilder;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.state.StateTransition;
import io.fedchain.chain.store.ChainDatabase;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.store.KvVoteWal;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.util.SeededRandom;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.chain.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node home with a small real chain in {@code db/}: 4 validator-trainers of stake 100, model
 * {@value #MODEL}, two updates close a round. Blocks 1 and 3 carry two updates each, every
 * validator accepts them, so blocks 2 and 4 close rounds 0 and 1: model versions 0, 1 and 2, head
 * at height 4. Two votes sit in the consensus WAL.
 */
final class TestChainHome {
  static final String MODEL = "mlp:16-8-4";
  static final String CHAIN_ID = "cli-test";
  static final int HEAD = 4;
  static final int WAL_RECORDS = 2;
  /** 2026-01-01T00:00:00Z. */
  static final long T0 = 1_767_225_600_000L;

  final Genesis genesis;
  final List<ChainKey> keys = new ArrayList<>();
  /** Models by version, as the chain computed them. */
  final List<float[]> models = new ArrayList<>();
  final List<Block> blocks = new ArrayList<>();

  private TestChainHome(Genesis genesis) {
    this.genesis = genesis;
  }

  static ChainKey key(int seed) {
    byte[] s = new byte[32];
    s[31] = (byte) seed;
    return ChainKey.fromSeed(s);
  }

  /** Writes the chain into {@code home/db} and closes the database. */
  static TestChainHome create(Path home) throws Exception {
    List<ChainKey> keys = List.of(key(1), key(2), key(3), key(4));
    List<Genesis.Account> accounts = keys.stream().map(k -> new Genesis.Account(k.id(), Roles.BOTH, 100, 0)).toList();
    Genesis g = new Genesis(CHAIN_ID, T0, MODEL, 7, accounts, Params.defaults().with("updatesToClose", "2"));
    TestChainHome chain = new TestChainHome(g);
    chain.keys.addAll(keys);
    try (RocksDbKvStore kv = RocksDbKvStore.open(home.resolve("db"), Schema.DEFINITION)) {
      ChainDatabase db = ChainDatabase.over(kv);
      db.initialize(g);
      chain.models.add(g.initialModel());
      ChainState state = g.initialState();
      Optional<CommitCertificate> lastCommit = Optional.empty();
      for (int h = 1; h <= HEAD; h++) {
        Map<Hash32, byte[]> deltas = new HashMap<>();
        List<SignedTx> txs = new ArrayList<>();
        if (h % 2 == 1) {
          txs.add(chain.update(state, keys.get(h - 1), 10L * h, deltas));
          txs.add(chain.update(state, keys.get(h), 10L * h + 1, deltas));
        }
        MemberId proposer = state.proposer(0);
        BlockBuilder.Built built = BlockBuilder.build(state, proposer, 0, T0 + 1000L * h, txs, lastCommit,
            db.sidecars(deltas));
        StateTransition.Result r = StateTransition.apply(state, built.block(), db.sidecars(deltas));
        CommitCertificate commit = chain.commitAll(r.state(), built.block());
        db.append(new CommittedBlock(built.block(), commit), deltas, r.state(), r.newModel());
        r.newModel().ifPresent(chain.models::add);
        chain.blocks.add(built.block());
        state = r.state();
        lastCommit = Optional.of(commit);
      }
      KvVoteWal wal = new KvVoteWal(kv);
      for (int i = 0; i < WAL_RECORDS; i++) {
        wal.record(Vote.sign(keys.get(i), CHAIN_ID, HEAD + 1, 0, Vote.Step.PREVOTE, Hash32.ZERO, new boolean[0],
            new short[0]));
      }
    }
    if (chain.models.size() != 3) {
      throw new IllegalStateException("the test chain should have closed two rounds, it has " + chain.models.size()
          + " model versions");
    }
    return chain;
  }

  private SignedTx update(ChainState state, ChainKey trainer, long seed, Map<Hash32, byte[]> deltas) {
    SeededRandom rng = new SeededRandom(seed);
    float[] d = new float[models.get(0).length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextGaussian() * 0.01);
    }
    byte[] bytes = DeltaCodec.parse(state.params().codec()).encode(d);
    Hash32 h = Hash32.sha256(bytes);
    deltas.put(h, bytes);
    long nonce = state.members().get(trainer.id()).nonce();
    return SignedTx.sign(trainer, CHAIN_ID, new TxBody.Update(state.round().round(), state.round().modelHash(), h,
        bytes.length, 100 + seed, state.params().codec()), nonce);
  }

  /** Precommits of every validator that voted on {@code block}, each accepting every update. */
  private CommitCertificate commitAll(ChainState post, Block block) {
    int n = block.body().updates().size();
    boolean[] yes = new boolean[n];
    java.util.Arrays.fill(yes, true);
    short[] scores = new short[n];
    List<Vote> votes = new ArrayList<>();
    for (ChainKey k : keys) {
      if (post.lastValidators().containsKey(k.id())) {
        votes.add(Vote.sign(k, CHAIN_ID, block.height(), 0, Vote.Step.PRECOMMIT, block.hash(), yes, scores));
      }
    }
    return new CommitCertificate(block.height(), 0, block.hash(), votes);
  }
}
