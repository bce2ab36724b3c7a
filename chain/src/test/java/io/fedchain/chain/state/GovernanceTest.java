package io.fedchain.chain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Governance cases the scripted chain does not reach. */
class GovernanceTest {
  private static final ChainKey A = ChainDriver.key(1);
  private static final ChainKey B = ChainDriver.key(2);
  private static final ChainKey E = ChainDriver.key(5);

  @Test
  void aSecondAdmissionOfAMemberShouldFailAndLeaveItsAccountAlone() throws Exception {
    ChainDriver d = new ChainDriver(new Genesis("gov", 1_000, "softmax:4-2", 1, List.of(
        new Genesis.Account(A.id(), Roles.BOTH, 100, 0), new Genesis.Account(B.id(), Roles.BOTH, 100, 0)),
        Params.defaults()));
    // Two proposals to admit E, open at once; each is valid when made.
    d.append(A, 2_000, Optional.empty(), d.tx(A, new TxBody.Propose(new Proposal.AdmitMember(E.id(), Roles.BOTH, 5))),
        d.tx(A, new TxBody.Propose(new Proposal.AdmitMember(E.id(), Roles.BOTH, 7)), 1));
    d.append(B, 3_000, Optional.of(d.commitAll(List.of())), d.tx(B, new TxBody.VoteOnProposal(1, true)));
    SignedTx unbond = d.tx(E, new TxBody.Unbond(1));
    d.append(A, 4_000, Optional.of(d.commitAll(List.of())), unbond);
    Member before = d.state.members().get(E.id());
    assertEquals(1, before.nonce());

    StateTransition.Result r = d.append(B, 5_000, Optional.of(d.commitAll(List.of())),
        d.tx(B, new TxBody.VoteOnProposal(2, true)));
    assertTrue(r.events().contains(new Event.ProposalFailed(2, E.id() + " is already a member")), r.events().toString());
    Member after = d.state.members().get(E.id());
    assertEquals(before.nonce(), after.nonce());
    assertEquals(before.stake(), after.stake());
    assertEquals(before.unbonding(), after.unbonding());
    assertTrue(d.state.proposals().isEmpty());
    // E's transaction of block 3 cannot be replayed.
    InvalidBlockException e = assertThrows(InvalidBlockException.class,
        () -> d.build(A, 6_000, Optional.of(d.commitAll(List.of())), List.of(unbond)));
    assertTrue(e.getMessage().contains("nonce 0, expected 1"), e.getMessage());
  }
}
