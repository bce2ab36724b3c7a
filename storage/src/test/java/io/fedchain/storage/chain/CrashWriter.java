package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.RocksDbKvStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The child process of {@link ChainStoreCrashTest}: opens the chain in a directory and appends
 * synthetic blocks after its head until it is killed, printing {@code committed <height>} once
 * each append has returned. Arguments: directory, seed.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    SyntheticChain synthetic = ChainStoreCrashTest.syntheticChain(Long.parseLong(args[1]));
    PrintStream out = System.out;
    try (RocksDbKvStore store = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
      ChainStore chain = new ChainStore(store);
      Optional<BlockRef> head = chain.head();
      out.println("opened " + head.map(BlockRef::height).orElse(-1L));
      out.flush();
      long height = head.map(h -> h.height() + 1).orElse(0L);
      Hash32 parent = head.map(BlockRef::hash).orElse(Hash32.ZERO);
      while (true) {
        CommittedBlock block = synthetic.block(height, parent);
        chain.append(block);
        out.println("committed " + height);
        out.flush();
        parent = block.hash();
        height++;
      }
    }
  }
}
