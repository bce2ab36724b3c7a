package io.fedchain.storage.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.KvStoreTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a ChainStore does, run on each KvStore implementation. */
abstract class ChainStoreContractTest {
  protected KvStore store;
  protected ChainStore chain;

  /** A new, empty store of the fedchain schema. */
  protected abstract KvStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
    chain = new ChainStore(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static LongStream seeds() {
    return LongStream.range(0, 4);
  }

  /** Every part of every block reads back as appended, and nothing past the last one exists. */
  static void assertStored(ChainStore chain, List<CommittedBlock> blocks) {
    for (CommittedBlock b : blocks) {
      String at = "height " + b.height();
      assertEquals(Optional.of(b.hash()), chain.blockHash(b.height()), at);
      assertArrayEquals(b.block(), chain.blockByHash(b.hash()).orElseThrow(), at);
      assertArrayEquals(b.block(), chain.blockByHeight(b.height()).orElseThrow(), at);
      assertEquals(b.deltas().stream().map(CommittedBlock.Delta::hash).toList(), chain.deltaHashes(b.height()), at);
      for (CommittedBlock.Delta d : b.deltas()) {
        assertArrayEquals(d.bytes(), chain.delta(d.hash()).orElseThrow(), at + ", delta " + d.hash());
      }
      assertEquals(Optional.of(b.stateRoot()), chain.stateRoot(b.height()), at);
      assertArrayEquals(b.state(), chain.state(b.stateRoot()).orElseThrow(), at);
      assertArrayEquals(b.state(), chain.stateAt(b.height()).orElseThrow(), at);
      b.newModel().ifPresent(m -> {
        assertEquals(Optional.of(new ModelVersion(m.version(), b.height(), m.hash())), chain.modelVersion(m.version()));
        assertArrayEquals(m.parameters(), chain.model(m.hash()).orElseThrow(), at);
      });
    }
    long next = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).height() + 1;
    assertEquals(Optional.empty(), chain.blockHash(next));
    assertEquals(Optional.empty(), chain.stateRoot(next));
    assertEquals(List.of(), chain.deltaHashes(next));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldReadBackEveryPartOfAppendedBlocks(long seed) {
    List<CommittedBlock> blocks = SyntheticChain.small(seed).blocks(20);
    assertEquals(Optional.empty(), chain.head());
    for (CommittedBlock b : blocks) {
      chain.append(b);
      assertEquals(Optional.of(b.ref()), chain.head());
    }
    assertStored(chain, blocks);
    assertEquals(Optional.of(new ModelVersion(4, 16, blocks.get(16).newModel().get().hash())), chain.latestModel());
    assertEquals(Optional.of(blocks.get(19).ref()), new ChainStore(store).head());
  }

  @Test
  void shouldRefuseAFirstBlockOtherThanGenesis() {
    CommittedBlock b = SyntheticChain.small(1).block(1, Hash32.ZERO);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.append(b));
    assertTrue(e.getMessage().contains("cannot append block 1 (" + b.hash() + ") to an empty chain: the first "
        + "block is the genesis block, height 0"), e.getMessage());
  }

  @Test
  void shouldRefuseAGenesisBlockWithAParent() {
    Hash32 parent = SyntheticChain.sha256(new byte[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> chain.append(SyntheticChain.small(1).block(0, parent)));
    assertTrue(e.getMessage().contains("a genesis block's parent hash is the zero hash, this one's is " + parent),
        e.getMessage());
  }

  @Test
  void shouldRefuseAHeightThatDoesNotFollowTheHead() {
    List<CommittedBlock> blocks = SyntheticChain.small(2).blocks(5);
    chain.append(blocks.get(0));
    chain.append(blocks.get(1));
    for (int skip : new int[] {1, 3}) {
      CommittedBlock b = blocks.get(skip);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.append(b));
      assertTrue(e.getMessage().contains("cannot append block " + b.height() + " (" + b.hash() + "): the head is 1 ("
          + blocks.get(1).hash() + "); blocks are appended in height order, the next is 2"), e.getMessage());
    }
    assertStored(chain, blocks.subList(0, 2));
  }

  @Test
  void shouldRefuseABlockWhoseParentIsNotTheHead() {
    SyntheticChain synthetic = SyntheticChain.small(3);
    List<CommittedBlock> blocks = synthetic.blocks(2);
    chain.append(blocks.get(0));
    chain.append(blocks.get(1));
    Hash32 otherParent = SyntheticChain.sha256(new byte[] {7});
    CommittedBlock fork = synthetic.block(2, otherParent);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.append(fork));
    assertTrue(e.getMessage().contains("its parent is " + otherParent + " but the head at height 1 is "
        + blocks.get(1).hash() + "; a block must extend the head"), e.getMessage());
    assertStored(chain, blocks);
    for (CommittedBlock.Delta d : fork.deltas()) {
      assertEquals(Optional.empty(), chain.delta(d.hash()));
    }
  }

  @Test
  void shouldRefuseAModelVersionThatIsNotTheNext() {
    SyntheticChain synthetic = SyntheticChain.small(4);
    List<CommittedBlock> blocks = synthetic.blocks(4);
    blocks.forEach(chain::append);
    CommittedBlock good = synthetic.block(4, blocks.get(3).hash());
    CommittedBlock.NewModel skipped = new CommittedBlock.NewModel(5, good.newModel().get().hash(),
        good.newModel().get().parameters());
    CommittedBlock bad = new CommittedBlock(4, good.hash(), good.parentHash(), good.block(), good.deltas(),
        good.stateRoot(), good.state(), Optional.of(skipped));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.append(bad));
    assertTrue(e.getMessage().contains("it sets model version 5 but the latest is 0"), e.getMessage());
    chain.append(good);
    assertEquals(1, chain.latestModel().orElseThrow().version());
  }

  @Test
  void shouldRefuseABlockThatIncludesADeltaTwice() {
    CommittedBlock.Delta d = new CommittedBlock.Delta(SyntheticChain.sha256(new byte[] {1}), new byte[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CommittedBlock(0,
        Hash32.ZERO, Hash32.ZERO, new byte[0], List.of(d, d), Hash32.ZERO, new byte[0], Optional.empty()));
    assertTrue(e.getMessage().contains("includes delta " + d.hash() + " twice"), e.getMessage());
  }

  /** Blocks 0..n-1 where block 5 also includes a delta of block 1 (a resubmitted update). */
  private static List<CommittedBlock> withSharedDelta(SyntheticChain synthetic, int n) {
    List<CommittedBlock> out = new ArrayList<>();
    Hash32 parent = Hash32.ZERO;
    for (long h = 0; h < n; h++) {
      CommittedBlock b = synthetic.block(h, parent);
      if (h == 5) {
        List<CommittedBlock.Delta> deltas = new ArrayList<>(b.deltas());
        deltas.add(out.get(1).deltas().get(0));
        b = new CommittedBlock(h, b.hash(), parent, b.block(), deltas, b.stateRoot(), b.state(), b.newModel());
      }
      out.add(b);
      parent = b.hash();
    }
    return out;
  }

  @Test
  void shouldStoreADeltaIncludedByTwoBlocksOnce() {
    List<CommittedBlock> blocks = withSharedDelta(SyntheticChain.small(5), 7);
    blocks.forEach(chain::append);
    assertStored(chain, blocks);
    Hash32 shared = blocks.get(1).deltas().get(0).hash();
    assertEquals(shared, chain.deltaHashes(5).get(3));
    assertEquals(Optional.of(5L), store.get(Schema.DELTA_LAST_BLOCK, shared));
  }

  @Test
  void shouldPruneTheDeltasOfBlocksOutsideTheWindowAndKeepTheBlocks() {
    List<CommittedBlock> blocks = SyntheticChain.small(6).blocks(50);
    blocks.forEach(chain::append);
    DeltaPruner.Result r = new DeltaPruner(chain, DeltaRetention.keepLast(10)).prune();
    assertEquals(new DeltaPruner.Result(0, 40, 40 * 3, 0), r);
    assertEquals(40, chain.deltasPrunedBelow());
    for (CommittedBlock b : blocks) {
      boolean kept = b.height() >= 40;
      for (CommittedBlock.Delta d : b.deltas()) {
        assertEquals(kept, chain.delta(d.hash()).isPresent(), "height " + b.height());
      }
      assertArrayEquals(b.block(), chain.blockByHeight(b.height()).orElseThrow());
      assertEquals(b.deltas().stream().map(CommittedBlock.Delta::hash).toList(), chain.deltaHashes(b.height()));
      assertArrayEquals(b.state(), chain.stateAt(b.height()).orElseThrow());
      b.newModel().ifPresent(m -> assertTrue(chain.model(m.hash()).isPresent()));
    }
    assertStored(chain, blocks.subList(40, 50));
  }

  @Test
  void shouldContinueWhereTheLastRunStoppedAsTheHeadMoves() {
    SyntheticChain synthetic = SyntheticChain.small(7);
    List<CommittedBlock> blocks = synthetic.blocks(100);
    DeltaPruner pruner = new DeltaPruner(chain, DeltaRetention.keepLast(5));
    assertEquals(new DeltaPruner.Result(0, 0, 0, 0), pruner.prune());
    int deleted = 0;
    for (CommittedBlock b : blocks) {
      chain.append(b);
      DeltaPruner.Result r = pruner.prune();
      assertEquals(Math.max(0, b.height() - 4), r.toHeight());
      deleted += r.deleted();
    }
    assertEquals(95 * 3, deleted);
    assertEquals(new DeltaPruner.Result(95, 95, 0, 0), pruner.prune());
    for (CommittedBlock b : blocks) {
      assertEquals(b.height() >= 95, chain.delta(b.deltas().get(0).hash()).isPresent(), "height " + b.height());
    }
  }

  @Test
  void shouldKeepADeltaThatABlockInsideTheWindowAlsoIncludes() {
    List<CommittedBlock> blocks = withSharedDelta(SyntheticChain.small(8), 8);
    blocks.forEach(chain::append);
    Hash32 shared = blocks.get(1).deltas().get(0).hash();
    DeltaPruner.Result first = new DeltaPruner(chain, DeltaRetention.keepLast(4)).prune();
    assertEquals(new DeltaPruner.Result(0, 4, 4 * 3 - 1, 1), first);
    assertTrue(chain.delta(shared).isPresent(), "block 5 still includes it");
    assertEquals(Optional.empty(), chain.delta(blocks.get(1).deltas().get(1).hash()));
    DeltaPruner.Result second = new DeltaPruner(chain, DeltaRetention.keepLast(2)).prune();
    assertEquals(new DeltaPruner.Result(4, 6, 2 * 3 + 1, 0), second);
    assertEquals(Optional.empty(), chain.delta(shared));
  }

  @Test
  void shouldStoreADeltaAgainWhenANewBlockIncludesAPrunedOne() {
    SyntheticChain synthetic = SyntheticChain.small(9);
    List<CommittedBlock> blocks = synthetic.blocks(6);
    blocks.forEach(chain::append);
    new DeltaPruner(chain, DeltaRetention.keepLast(1)).prune();
    CommittedBlock.Delta old = blocks.get(0).deltas().get(0);
    assertEquals(Optional.empty(), chain.delta(old.hash()));
    CommittedBlock b = synthetic.block(6, blocks.get(5).hash());
    CommittedBlock again = new CommittedBlock(6, b.hash(), b.parentHash(), b.block(), List.of(old), b.stateRoot(),
        b.state(), b.newModel());
    chain.append(again);
    assertArrayEquals(old.bytes(), chain.delta(old.hash()).orElseThrow());
    new DeltaPruner(chain, DeltaRetention.keepLast(1)).prune();
    assertArrayEquals(old.bytes(), chain.delta(old.hash()).orElseThrow());
  }

  @Test
  void shouldKeepEverythingWithKeepAll() {
    List<CommittedBlock> blocks = SyntheticChain.small(10).blocks(40);
    blocks.forEach(chain::append);
    assertEquals(new DeltaPruner.Result(0, 0, 0, 0), new DeltaPruner(chain, DeltaRetention.keepAll()).prune());
    assertStored(chain, blocks);
  }

  @Test
  void shouldRefuseARetentionThatKeepsNothing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeltaRetention.keepLast(0));
    assertTrue(e.getMessage().contains("at least the head's deltas"), e.getMessage());
  }

  @Test
  void shouldRefuseAHeadThatIsNotStored() {
    List<CommittedBlock> blocks = SyntheticChain.small(11).blocks(3);
    blocks.forEach(chain::append);
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.delete(Schema.BLOCK_HASH_BY_HEIGHT, 2L);
      tx.commit();
    }
    io.fedchain.storage.StorageException e = assertThrows(io.fedchain.storage.StorageException.class,
        () -> new ChainStore(store));
    assertTrue(e.getMessage().contains("the stored head is block 2 (" + blocks.get(2).hash() + ") but the block "
        + "index holds nothing"), e.getMessage());
  }
}
