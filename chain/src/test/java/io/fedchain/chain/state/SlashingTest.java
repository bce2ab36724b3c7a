package io.fedchain.chain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The share of stake that evidence of equivocation takes, for stakes small and large. */
class SlashingTest {
  private static final ChainKey V = ChainDriver.key(1);
  private static final ChainKey W = ChainDriver.key(2);

  @ParameterizedTest(name = "stake {0}, slashBp {1}")
  @CsvSource({
      "300, 5000, 150",
      "301, 5000, 150", // rounds down
      "9999, 1, 0",
      "10000, 1, 1",
      // stake * slashBp passes 2^63 here: floor(4e15 * 0.5) and floor((2^63-1) * 0.3333)
      "4000000000000000, 5000, 2000000000000000",
      "9223372036854775807, 3333, 3074149899883696776",
      "9223372036854775807, 10000, 9223372036854775807",
  })
  void evidenceShouldTakeTheFloorOfStakeTimesSlashBp(long stake, int slashBp, long expected) throws Exception {
    Genesis g = new Genesis("slash", 1_000, "softmax:4-2", 1, List.of(new Genesis.Account(V.id(), Roles.BOTH, stake, 0),
        new Genesis.Account(W.id(), Roles.BOTH, 1, 0)), Params.defaults().with("slashBp", Integer.toString(slashBp)));
    ChainDriver d = new ChainDriver(g);
    Vote a = Vote.sign(V, "slash", 3, 0, Vote.Step.PREVOTE, Hash32.sha256(new byte[] {1}), new boolean[0], new short[0]);
    Vote b = Vote.sign(V, "slash", 3, 0, Vote.Step.PREVOTE, Hash32.ZERO, new boolean[0], new short[0]);
    StateTransition.Result r = d.append(W, 2_000, Optional.empty(), d.tx(W, new TxBody.Evidence(a, b)));
    assertTrue(r.events().contains(new Event.Slashed(V.id(), expected, 3, 0)), r.events().toString());
    assertEquals(stake - expected, r.state().members().get(V.id()).stake());
  }
}
