package io.fedchain.chain.state;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A scripted chain of {@value #LAST} blocks that walks through every rule of the state transition
 * once (see {@code ScriptedChainTest} for what each block must do). Everything is fixed: keys from
 * seeds 1..5, timestamps, delta seeds. {@link #main} prints the final state root and model hash, so
 * a fresh JVM can be asked to replay it.
 *
 * <pre>
 * members at genesis (stake, balance):  A validator+trainer 400/100   B validator 300/100
 *                                       C trainer 0/50                D validator+trainer 300/100
 * admitted by governance at block 3:    E validator+trainer 200/0
 * params: K = 2 updates to close, deadline 10 s, update reward 10, validator reward 1, slash 50%,
 *         reputation +1/-10, suspended below -15 for 2 rounds, unbonding 3 blocks
 *
 *  h  time    round  what happens
 *  1  +1 s    0      updates of A, C, D
 *  2  +2 s    0      verdicts: A accepted, C rejected by all, D rejected (only 600 of 1000 stake);
 *                    A proposes AdmitMember(E)
 *  3  +3 s    0      B votes yes: 700 of 1000 > 2/3, E admitted; D unbonds 100 (released at 6)
 *  4  +20 s   0->1   deadline passed with 1 accepted update: round 0 closes (model v1)
 *  5  +21 s   1      updates of A, C, D, E (precommits of A, B, D only: 900 of 1100)
 *  6  +22 s   1->2   verdicts: A, D, E accepted; C rejected again: reputation -20, suspended until
 *                    round 4; 3 >= K closes round 1 (v2); D's 100 released; B proposes K = 1
 *  7  +23 s   2      A yes, E no, D yes: 900 of 1100, K = 1 from now on; update of A
 *  8  +24 s   2->3   A's update accepted, 1 >= K (new K) closes round 2 (v3); evidence that B
 *                    signed two precommits at height 7: B loses half its stake; A bonds 50
 *  9  +25 s   3      updates of D and E
 * 10  +26 s   3->4   D accepted, E rejected; round 3 closes with D alone (v4)
 * 11  +27 s   4      C's suspension is over: update of C
 * 12  +28 s   4->5   C accepted; round 4 closes (v5)
 * </pre>
 */
final class ChainScript {
  static final int LAST = 12;
  static final String CHAIN_ID = "scripted";
  /** 2026-01-01T00:00:00Z. */
  static final long T0 = 1_767_225_600_000L;

  static final ChainKey A = ChainDriver.key(1);
  static final ChainKey B = ChainDriver.key(2);
  static final ChainKey C = ChainDriver.key(3);
  static final ChainKey D = ChainDriver.key(4);
  static final ChainKey E = ChainDriver.key(5);

  private ChainScript() {}

  static Params params() {
    return Params.defaults().with("updatesToClose", "2").with("roundDeadlineMillis", "10000")
        .with("updateReward", "10").with("validatorReward", "1").with("slashBp", "5000")
        .with("reputationReward", "1").with("reputationPenalty", "10").with("suspendBelow", "-15")
        .with("suspendRounds", "2").with("unbondingBlocks", "3").with("proposalTtlBlocks", "20");
  }

  static Genesis genesis() {
    return new Genesis(CHAIN_ID, T0, "softmax:16-4", 7, List.of(
        new Genesis.Account(A.id(), Roles.BOTH, 400, 100),
        new Genesis.Account(B.id(), new Roles(false, true), 300, 100),
        new Genesis.Account(C.id(), new Roles(true, false), 0, 50),
        new Genesis.Account(D.id(), Roles.BOTH, 300, 100)), params());
  }

  static long time(int height) {
    return height < 4 ? T0 + 1000L * height : T0 + 20_000 + 1000L * (height - 4);
  }

  /** The two conflicting precommits of B at height 7 that block 8 carries as evidence. */
  static TxBody.Evidence equivocationOfB(ChainDriver d) {
    Hash32 h7 = d.blocks.get(6).hash();
    Vote first = Vote.sign(B, CHAIN_ID, 7, 0, Vote.Step.PRECOMMIT, h7, new boolean[] {true}, new short[] {12});
    Vote second = Vote.sign(B, CHAIN_ID, 7, 0, Vote.Step.PRECOMMIT, Hash32.sha256(new byte[] {7}),
        new boolean[] {true}, new short[] {12});
    return new TxBody.Evidence(first, second);
  }

  /** Plays blocks 1..{@code height} on a fresh chain. */
  static ChainDriver upTo(int height) throws InvalidBlockException, MissingSidecarException {
    ChainDriver d = new ChainDriver(genesis());
    for (int h = 1; h <= height; h++) {
      block(d, h);
    }
    return d;
  }

  private static Set<ChainKey> all(ChainDriver d) {
    return Set.copyOf(d.lastValidatorKeys());
  }

  private static void block(ChainDriver d, int h) throws InvalidBlockException, MissingSidecarException {
    long t = time(h);
    switch (h) {
      case 1 -> d.append(A, t, Optional.empty(), d.update(A, 11), d.update(C, 13), d.update(D, 14));
      case 2 -> d.append(B, t, Optional.of(d.commitAll(List.of(all(d), Set.of(), Set.of(B, D)))),
          d.tx(A, new TxBody.Propose(new Proposal.AdmitMember(E.id(), Roles.BOTH, 200))));
      case 3 -> d.append(D, t, Optional.of(d.commitAll(List.of())),
          d.tx(B, new TxBody.VoteOnProposal(1, true)), d.tx(D, new TxBody.Unbond(100)));
      case 4 -> d.append(A, t, Optional.of(d.commitAll(List.of())));
      case 5 -> d.append(B, t, Optional.of(d.commit(List.of(A, B, D), List.of())),
          d.update(A, 21), d.update(C, 23), d.update(D, 24), d.update(E, 25));
      case 6 -> d.append(D, t, Optional.of(d.commitAll(List.of(all(d), Set.of(), all(d), Set.of(A, B, E)))),
          d.tx(B, new TxBody.Propose(new Proposal.ChangeParam("updatesToClose", "1"))));
      case 7 -> d.append(E, t, Optional.of(d.commitAll(List.of())),
          d.tx(A, new TxBody.VoteOnProposal(2, true)), d.tx(E, new TxBody.VoteOnProposal(2, false)),
          d.tx(D, new TxBody.VoteOnProposal(2, true)), d.update(A, 31, 1));
      case 8 -> d.append(A, t, Optional.of(d.commitAll(List.of(all(d)))),
          d.tx(C, equivocationOfB(d)), d.tx(A, new TxBody.Bond(50)));
      case 9 -> d.append(B, t, Optional.of(d.commitAll(List.of())), d.update(D, 41), d.update(E, 42));
      case 10 -> d.append(D, t, Optional.of(d.commitAll(List.of(all(d), Set.of(E)))));
      case 11 -> d.append(E, t, Optional.of(d.commitAll(List.of())), d.update(C, 51));
      case 12 -> d.append(A, t, Optional.of(d.commitAll(List.of(all(d)))));
      default -> throw new IllegalArgumentException("the script has no block " + h);
    }
  }

  /** Replays the script and prints what a fresh process must agree on. */
  public static void main(String[] args) throws Exception {
    ChainDriver d = upTo(LAST);
    System.out.println("height=" + d.state.height());
    System.out.println("stateRoot=" + d.state.root().toHex());
    System.out.println("modelVersion=" + d.state.round().round());
    System.out.println("modelHash=" + d.state.round().modelHash().toHex());
    System.out.println("headHash=" + d.head().hash().toHex());
  }
}
