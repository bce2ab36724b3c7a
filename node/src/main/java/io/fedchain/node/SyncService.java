package io.fedchain.node;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.consensus.ConsensusService;
import io.fedchain.consensus.TendermintEngine;
import io.fedchain.consensus.fl.FlApp;
import io.fedchain.consensus.store.DatabaseLedger;
import io.fedchain.node.wire.Wire;
import io.fedchain.p2p.P2PNetwork;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.reqresp.ReqRespService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-up: serves the node's committed blocks and deltas to peers, and fetches those it misses
 * (on start, and whenever consensus sees messages of heights ahead of it). Fetched blocks are not
 * trusted: each goes to the engine ({@link TendermintEngine#onCommittedBlock}), which checks its
 * certificate (> 2/3 of the stake) and re-executes it before committing it.
 */
final class SyncService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  private static final ReqRespService.Limits STATUS_LIMITS = new ReqRespService.Limits(64, 128,
      Duration.ofSeconds(5), 20, 40);
  private static final ReqRespService.Limits BLOCK_LIMITS = new ReqRespService.Limits(64, 64 << 20,
      Duration.ofSeconds(20), 20, 40);
  private static final ReqRespService.Limits DELTA_LIMITS = new ReqRespService.Limits(1024,
      Wire.MAX_DELTAS_PER_REQUEST * (Wire.MAX_DELTA_BYTES + 64), Duration.ofSeconds(20), 20, 40);

  private final P2PNetwork net;
  private final String chainId;
  private final DatabaseLedger ledger;
  private final ConsensusService consensus;
  private final FlApp app;
  private final TendermintEngine engine;
  private final NodeMetrics metrics;
  private final ExecutorService server = Executors.newSingleThreadExecutor(r -> daemon(r, "sync-server"));
  private final ExecutorService client = Executors.newSingleThreadExecutor(r -> daemon(r, "sync-client"));
  private final AtomicBoolean fetching = new AtomicBoolean();
  private volatile boolean syncing = true;
  private volatile long target;

  SyncService(P2PNetwork net, String chainId, DatabaseLedger ledger, ConsensusService consensus, FlApp app,
      TendermintEngine engine, NodeMetrics metrics) {
    this.net = net;
    this.chainId = chainId;
    this.ledger = ledger;
    this.consensus = consensus;
    this.app = app;
    this.engine = engine;
    this.metrics = metrics;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** True until the first catch-up ends: the node sends no votes or proposals before. */
  boolean syncing() {
    return syncing;
  }

  long target() {
    return target;
  }

  void registerProtocols() {
    net.registerProtocol(Wire.protocol(chainId, Wire.STATUS), STATUS_LIMITS,
        (peer, req) -> CompletableFuture.supplyAsync(() -> Wire.Status.CODEC.encode(status()), server));
    net.registerProtocol(Wire.protocol(chainId, Wire.BLOCKS_BY_RANGE), BLOCK_LIMITS,
        (peer, req) -> CompletableFuture.supplyAsync(() -> serveBlocks(req), server));
    net.registerProtocol(Wire.protocol(chainId, Wire.DELTAS_BY_HASH), DELTA_LIMITS,
        (peer, req) -> CompletableFuture.supplyAsync(() -> serveDeltas(req), server));
  }

  Wire.Status status() {
    ChainState head = ledger.head();
    Hash32 hash = head.height() == 0 ? head.genesisHash() : ledger.block(head.height()).orElseThrow().block().hash();
    return new Wire.Status(head.height(), hash, head.round().round());
  }

  private byte[] serveBlocks(byte[] req) {
    Wire.BlocksRequest r = Wire.BlocksRequest.CODEC.decode(req, 64);
    List<CommittedBlock> out = new ArrayList<>();
    long head = ledger.head().height();
    for (long h = Math.max(1, r.fromHeight()); h <= head && out.size() < r.count(); h++) {
      out.add(ledger.block(h).orElseThrow());
    }
    return Wire.BLOCKS.encode(out);
  }

  private byte[] serveDeltas(byte[] req) {
    List<Hash32> hashes = Wire.HASHES.decode(req, 1024);
    List<byte[]> out = new ArrayList<>();
    for (Hash32 h : hashes) {
      out.add(ledger.delta(h).or(() -> app.mempool().delta(h)).orElse(new byte[0]));
    }
    return Wire.DELTAS.encode(out);
  }

  /**
   * The first catch-up, before the node votes: waits up to {@code waitMillis} for peers, asks their
   * heads and fetches up to the highest. Returns the height reached.
   */
  long initialSync(long waitMillis) {
    long deadline = System.currentTimeMillis() + waitMillis;
    try {
      while (net.connectedPeers().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      long best = ledger.head().height();
      for (PeerId p : net.connectedPeers()) {
        // A request can meet a connection the host is just dropping as the duplicate of a
        // simultaneous dial (its streams are reset): ask again on the one that stays.
        for (int attempt = 0; attempt < 3; attempt++) {
          try {
            byte[] b = net.request(p, Wire.protocol(chainId, Wire.STATUS), new byte[0], STATUS_LIMITS)
                .get(5, TimeUnit.SECONDS);
            Wire.Status s = Wire.Status.CODEC.decode(b, 128);
            best = Math.max(best, s.height());
            break;
          } catch (Exception e) {
            LOG.debug("status from {} failed (attempt {}): {}", p, attempt + 1, e.toString());
            Thread.sleep(300);
          }
        }
      }
      target = best;
      if (best > ledger.head().height()) {
        LOG.info("syncing from height {} to {}", ledger.head().height(), best);
        fetchUpTo(best);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      syncing = false;
    }
    return ledger.head().height();
  }

  /** Consensus saw messages of {@code height}: blocks below it are committed elsewhere; fetch them. */
  void behind(long height) {
    target = Math.max(target, height - 1);
    if (height - 1 <= ledger.head().height() || !fetching.compareAndSet(false, true)) {
      return;
    }
    client.execute(() -> {
      try {
        fetchUpTo(height - 1);
      } finally {
        fetching.set(false);
      }
    });
  }

  private void fetchUpTo(long targetHeight) {
    int attempts = 0;
    while (ledger.head().height() < targetHeight && attempts < 20 && !client.isShutdown()) {
      long from = ledger.head().height() + 1;
      int count = (int) Math.min(Wire.MAX_BLOCKS_PER_REQUEST, targetHeight - from + 1);
      boolean progressed = false;
      for (PeerId p : net.connectedPeers()) {
        try {
          if (fetchFrom(p, from, count)) {
            progressed = true;
            break;
          }
        } catch (Exception e) {
          LOG.debug("fetching blocks {}+{} from {} failed: {}", from, count, p, e.toString());
        }
      }
      if (!progressed) {
        attempts++;
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Fetches blocks [from, from + count) and their deltas from one peer; true when the head moved. */
  private boolean fetchFrom(PeerId peer, long from, int count) throws Exception {
    byte[] resp = net.request(peer, Wire.protocol(chainId, Wire.BLOCKS_BY_RANGE),
        Wire.BlocksRequest.CODEC.encode(new Wire.BlocksRequest(from, count)), BLOCK_LIMITS).get(30, TimeUnit.SECONDS);
    List<CommittedBlock> blocks;
    try {
      blocks = Wire.BLOCKS.decode(resp, BLOCK_LIMITS.maxResponse());
    } catch (DecodingException e) {
      LOG.warn("peer {} sent malformed blocks: {}", peer, e.getMessage());
      return false;
    }
    long start = ledger.head().height();
    for (CommittedBlock cb : blocks) {
      List<Hash32> missing = new ArrayList<>();
      for (SignedTx tx : cb.block().body().txs()) {
        if (tx.body() instanceof TxBody.Update u && ledger.delta(u.deltaHash()).isEmpty()
            && app.mempool().delta(u.deltaHash()).isEmpty()) {
          missing.add(u.deltaHash());
        }
      }
      Map<Hash32, byte[]> deltas = new LinkedHashMap<>();
      for (int i = 0; i < missing.size(); i += Wire.MAX_DELTAS_PER_REQUEST) {
        List<Hash32> batch = missing.subList(i, Math.min(missing.size(), i + Wire.MAX_DELTAS_PER_REQUEST));
        byte[] d = net.request(peer, Wire.protocol(chainId, Wire.DELTAS_BY_HASH), Wire.HASHES.encode(batch),
            DELTA_LIMITS).get(30, TimeUnit.SECONDS);
        List<byte[]> got = Wire.DELTAS.decode(d, DELTA_LIMITS.maxResponse());
        for (int k = 0; k < batch.size() && k < got.size(); k++) {
          deltas.put(batch.get(k), got.get(k));
        }
      }
      CompletableFuture<Long> done = new CompletableFuture<>();
      consensus.enqueue(() -> {
        app.offerDeltas(deltas);
        engine.onCommittedBlock(cb);
        done.complete(ledger.head().height());
      });
      long h = done.get(60, TimeUnit.SECONDS);
      if (h < cb.block().height()) {
        // The engine refused it (bad certificate or not valid here): not this peer's chain to trust.
        LOG.warn("block {} from {} was not accepted (height here {})", cb.block().height(), peer, h);
        break;
      }
    }
    long moved = ledger.head().height() - start;
    if (moved > 0) {
      metrics.syncedBlocks((int) moved);
    }
    return moved > 0;
  }

  Optional<Long> lag() {
    long t = target;
    long h = ledger.head().height();
    return t > h ? Optional.of(t - h) : Optional.empty();
  }

  @Override
  public void close() {
    client.shutdownNow();
    server.shutdownNow();
  }
}
