package io.fedchain.node.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.KvStoreColumn;
import io.fedchain.storage.chain.ModelVersion;
import io.fedchain.storage.chain.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain db inspect}: what a stopped node's database holds, or one block of it. Entries
 * are counted on the index columns (heights, delta last-block, model versions), whose values are a
 * few bytes, so inspecting a large database never reads its deltas, states or models.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Summarises a node's chain database (the node must be stopped): chain, head, latest model, "
        + "entry counts, size on disk and the validators at the head; or, with --height, one block: its header, "
        + "transactions by kind, model updates with the stake that accepted each, and its commit certificate.")
final class DbInspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec
  CommandSpec spec;

  @Option(names = "--home", required = true, paramLabel = "DIR", description = "The node's home directory (holds db/).")
  Path home;

  @Option(names = "--height", paramLabel = "H", description = "Show the block at this height (0: the genesis).")
  Optional<Long> height;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Summary(String database, String chainId, String genesisHash, String genesisTime, String model, Head head,
      LatestModel latestModel, Counts counts, long deltasPrunedBelow, long bytesOnDisk, long totalStake,
      List<Validator> validators) {}

  record Head(long height, String hash, String time) {}

  record LatestModel(long version, long height, String hash) {}

  /** {@code blocks} and {@code states} count height 0, the genesis. */
  record Counts(long blocks, long deltasStored, long deltasIncluded, long states, long modelVersions,
      long walRecords) {}

  record Validator(String peerId, long stake, double share) {}

  /** Height 0 is the genesis: no parent, proposer, transactions or commit. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BlockView(long height, String hash, String parent, String proposer, String time, long timeMillis,
      Integer consensusRound, String stateRoot, long modelVersion, String modelHash, int transactions,
      Map<String, Integer> transactionsByKind, List<UpdateView> updates, CommitView commit) {}

  /** {@code acceptedStakeShare}: the share of the voting stake whose precommit accepted the update. */
  record UpdateView(String trainer, String deltaHash, int deltaBytes, long samples, String codec, long flRound,
      double acceptedStakeShare) {}

  record CommitView(int round, List<String> signers, long signedStake, long totalStake, double share) {}

  @Override
  public Integer call() throws IOException {
    Object report;
    try (OfflineDatabase od = OfflineDatabase.open(home)) {
      report = height.isPresent() ? block(od, height.get()) : summary(od);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(report));
    } else if (report instanceof Summary s) {
      print(out, s);
    } else {
      print(out, (BlockView) report);
    }
    out.flush();
    return 0;
  }

  private static Summary summary(OfflineDatabase od) throws IOException {
    Genesis g = od.genesis();
    var store = od.db().store();
    var headRef = store.head().orElseThrow();
    long headHeight = headRef.height();
    String headTime = Instant.ofEpochMilli(headHeight == 0 ? g.genesisTimeMillis()
        : od.db().block(headHeight).orElseThrow().block().header().timestampMillis()).toString();
    Optional<ModelVersion> latest = store.latestModel();
    ChainState state = od.db().state(headHeight).orElseThrow(() -> new IllegalStateException("the database at "
        + od.dir() + " has no state for its head, height " + headHeight + ": it is damaged"));
    KvStore kv = od.kv();
    Counts counts = new Counts(count(kv, Schema.BLOCK_HASH_BY_HEIGHT), count(kv, Schema.DELTA_LAST_BLOCK),
        count(kv, Schema.BLOCK_DELTAS), count(kv, Schema.STATE_ROOT_BY_HEIGHT), count(kv, Schema.MODEL_VERSIONS),
        count(kv, Schema.CONSENSUS_WAL));
    long total = state.totalStake();
    List<Validator> validators = state.validators().entrySet().stream()
        .map(e -> new Validator(e.getKey().peerId(), e.getValue(), share(e.getValue(), total))).toList();
    return new Summary(od.dir().toString(), g.chainId(), g.hash().toHex(),
        Instant.ofEpochMilli(g.genesisTimeMillis()).toString(), g.modelSpec(),
        new Head(headHeight, hex(headRef.hash().toArray()), headTime),
        latest.map(m -> new LatestModel(m.version(), m.height(), hex(m.modelHash().toArray()))).orElse(null),
        counts, store.deltasPrunedBelow(), od.bytesOnDisk(), total, validators);
  }

  /** Counts keys by streaming the column: use only on columns with small values. */
  private static long count(KvStore kv, KvStoreColumn<?, ?> column) {
    try (Stream<?> s = kv.stream(column)) {
      return s.count();
    }
  }

  private static BlockView block(OfflineDatabase od, long h) {
    long head = od.db().headHeight().orElseThrow();
    if (h < 0 || h > head) {
      throw new IllegalArgumentException("--height " + h + ": no block at that height in " + od.dir()
          + "; it holds heights 0 (the genesis) to " + head);
    }
    ChainState post = od.db().state(h).orElseThrow(() -> new IllegalStateException("the database at " + od.dir()
        + " has no state at height " + h + ": it is damaged"));
    if (h == 0) {
      Genesis g = od.genesis();
      return new BlockView(0, g.hash().toHex(), null, null, Instant.ofEpochMilli(g.genesisTimeMillis()).toString(),
          g.genesisTimeMillis(), null, post.root().toHex(), post.round().round(), post.round().modelHash().toHex(), 0,
          Map.of(), List.of(), null);
    }
    CommittedBlock cb = od.db().block(h).orElseThrow(() -> new IllegalStateException("the database at " + od.dir()
        + " has no block at height " + h + " below its head " + head + ": it is damaged"));
    BlockHeader header = cb.block().header();
    Map<String, Integer> kinds = new LinkedHashMap<>();
    for (SignedTx tx : cb.block().body().txs()) {
      kinds.merge(kind(tx.body()), 1, Integer::sum);
    }
    // The validators that voted on block h, with the stake their precommits weigh.
    SortedMap<MemberId, Long> voters = post.lastValidators();
    long total = voters.values().stream().mapToLong(Long::longValue).sum();
    List<Vote> precommits = cb.commit().precommits().stream()
        .filter(v -> v.blockHash().equals(cb.block().hash())).toList();
    List<UpdateView> updates = new ArrayList<>();
    List<SignedTx> updateTxs = cb.block().body().updateTxs();
    for (int i = 0; i < updateTxs.size(); i++) {
      TxBody.Update u = (TxBody.Update) updateTxs.get(i).body();
      int index = i;
      long accepted = precommits.stream().filter(v -> index < v.updates() && v.accepts(index))
          .mapToLong(v -> voters.getOrDefault(v.validator(), 0L)).sum();
      updates.add(new UpdateView(updateTxs.get(i).signer().peerId(), u.deltaHash().toHex(), u.deltaSize(),
          u.numSamples(), u.codec(), u.flRound(), share(accepted, total)));
    }
    CommitCertificate c = cb.commit();
    long signed = precommits.stream().mapToLong(v -> voters.getOrDefault(v.validator(), 0L)).sum();
    CommitView commit = new CommitView(c.round(), precommits.stream().map(v -> v.validator().peerId()).toList(),
        signed, total, share(signed, total));
    return new BlockView(h, cb.block().hash().toHex(), header.parentHash().toHex(), header.proposer().peerId(),
        Instant.ofEpochMilli(header.timestampMillis()).toString(), header.timestampMillis(), header.round(),
        header.stateRoot().toHex(), header.modelVersion(), header.modelHash().toHex(),
        cb.block().body().txs().size(), kinds, updates, commit);
  }

  private static String kind(TxBody body) {
    if (body instanceof TxBody.Update) {
      return "update";
    } else if (body instanceof TxBody.Bond) {
      return "bond";
    } else if (body instanceof TxBody.Unbond) {
      return "unbond";
    } else if (body instanceof TxBody.Propose) {
      return "propose";
    } else if (body instanceof TxBody.VoteOnProposal) {
      return "vote-on-proposal";
    } else if (body instanceof TxBody.Evidence) {
      return "evidence";
    }
    return body.getClass().getSimpleName();
  }

  private static double share(long part, long total) {
    return total == 0 ? 0 : (double) part / total;
  }

  private static String hex(byte[] bytes) {
    return Hash32.wrap(bytes).toHex();
  }

  private static void print(PrintWriter out, Summary s) {
    Counts n = s.counts();
    row(out, "database", s.database());
    row(out, "chain id", s.chainId());
    row(out, "genesis", s.genesisHash() + " (" + s.genesisTime() + ")");
    row(out, "model", s.model());
    row(out, "head", "height " + s.head().height() + ", block " + s.head().hash() + " (" + s.head().time() + ")");
    row(out, "latest model", s.latestModel() == null ? "none"
        : "version " + s.latestModel().version() + " (set by block " + s.latestModel().height() + "), sha256 "
            + s.latestModel().hash());
    row(out, "blocks", n.blocks() + " (the genesis and " + (n.blocks() - 1) + " committed)");
    row(out, "deltas", n.deltasStored() + " stored, " + n.deltasIncluded() + " included in blocks"
        + (s.deltasPrunedBelow() > 0 ? " (pruned below height " + s.deltasPrunedBelow() + ")" : ""));
    row(out, "states", Long.toString(n.states()));
    row(out, "model versions", Long.toString(n.modelVersions()));
    row(out, "WAL records", Long.toString(n.walRecords()));
    row(out, "size on disk", bytes(s.bytesOnDisk()) + " (the whole directory: storage gives no per-column sizes)");
    row(out, "validators", s.validators().size() + " at the head, total stake " + s.totalStake());
    for (Validator v : s.validators()) {
      out.printf("  %-52s  stake %d  %6.2f%%%n", v.peerId(), v.stake(), 100 * v.share());
    }
  }

  private static void print(PrintWriter out, BlockView b) {
    row(out, "height", b.height() + (b.height() == 0 ? " (the genesis)" : ""));
    row(out, "hash", b.hash());
    if (b.height() > 0) {
      row(out, "parent", b.parent());
      row(out, "proposer", b.proposer());
    }
    row(out, "time", b.time());
    if (b.consensusRound() != null) {
      row(out, "consensus round", b.consensusRound().toString());
    }
    row(out, "state root", b.stateRoot());
    row(out, "model", "version " + b.modelVersion() + ", sha256 " + b.modelHash());
    row(out, "transactions", b.transactions() + (b.transactionsByKind().isEmpty() ? ""
        : " (" + b.transactionsByKind().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")) + ")"));
    if (!b.updates().isEmpty()) {
      row(out, "updates", b.updates().size() + " (verdicts from this block's commit certificate)");
      for (UpdateView u : b.updates()) {
        out.printf("  trainer %s  delta %s  %d bytes  samples %d  codec %s  FL round %d  accepted by %.2f%% of "
            + "stake%n", u.trainer(), u.deltaHash(), u.deltaBytes(), u.samples(), u.codec(), u.flRound(),
            100 * u.acceptedStakeShare());
      }
    }
    if (b.commit() != null) {
      CommitView c = b.commit();
      row(out, "commit", "round " + c.round() + ", " + c.signers().size() + " signers, stake " + c.signedStake()
          + " of " + c.totalStake() + String.format(" (%.2f%%)", 100 * c.share()));
      for (String signer : c.signers()) {
        out.println("  " + signer);
      }
    }
  }

  private static void row(PrintWriter out, String label, String value) {
    out.printf("%-16s %s%n", label, value);
  }

  private static String bytes(long n) {
    if (n < 1_000_000) {
      return String.format("%,d bytes", n);
    }
    return String.format("%.1f MB (%,d bytes)", n / 1e6, n);
  }
}
