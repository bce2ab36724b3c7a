package io.fedchain.storage;

class InMemoryKvStoreTest extends KvStoreContractTest {
  @Override
  protected KvStore newStore() {
    return new InMemoryKvStore(TestSchema.V1);
  }
}
