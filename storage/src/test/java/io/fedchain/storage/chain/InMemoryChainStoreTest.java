package io.fedchain.storage.chain;

import io.fedchain.storage.InMemoryKvStore;
import io.fedchain.storage.KvStore;

class InMemoryChainStoreTest extends ChainStoreContractTest {
  @Override
  protected KvStore newStore() {
    return new InMemoryKvStore(Schema.DEFINITION);
  }
}
