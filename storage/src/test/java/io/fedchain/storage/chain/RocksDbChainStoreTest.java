package io.fedchain.storage.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.storage.Durability;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.RocksDbKvStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbChainStoreTest extends ChainStoreContractTest {
  @TempDir
  Path dir;

  @Override
  protected KvStore newStore() {
    return RocksDbKvStore.open(dir.resolve("chain"), Schema.DEFINITION);
  }

  @Test
  void shouldFindTheHeadAndEveryBlockAfterReopen() {
    List<CommittedBlock> blocks = SyntheticChain.small(20).blocks(30);
    blocks.subList(0, 20).forEach(chain::append);
    store.close();
    store = newStore();
    chain = new ChainStore(store, Durability.NO_SYNC);
    assertEquals(Optional.of(blocks.get(19).ref()), chain.head());
    blocks.subList(20, 30).forEach(chain::append);
    store.close();
    store = newStore();
    chain = new ChainStore(store);
    assertEquals(Optional.of(blocks.get(29).ref()), chain.head());
    assertEquals(blocks.get(28).newModel().get().version(), chain.latestModel().orElseThrow().version());
    assertStored(chain, blocks);
  }

  @Test
  void shouldKeepPruningProgressAcrossReopen() {
    List<CommittedBlock> blocks = SyntheticChain.small(21).blocks(40);
    blocks.forEach(chain::append);
    new DeltaPruner(chain, DeltaRetention.keepLast(10)).prune();
    store.close();
    store = newStore();
    chain = new ChainStore(store);
    assertEquals(30, chain.deltasPrunedBelow());
    assertEquals(new DeltaPruner.Result(30, 35, 5 * 3, 0),
        new DeltaPruner(chain, DeltaRetention.keepLast(5)).prune());
  }
}
