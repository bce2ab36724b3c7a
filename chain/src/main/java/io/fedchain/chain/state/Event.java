package io.fedchain.chain.state;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;

/** What a block did, beyond its new state: the receipts a node stores and reports. */
public sealed interface Event {
  /** An update of the previous block, with the stake that voted for it out of the validators' total. */
  record UpdateAccepted(long flRound, MemberId trainer, Hash32 deltaHash, long yesStake, long totalStake)
      implements Event {}

  record UpdateRejected(long flRound, MemberId trainer, Hash32 deltaHash, long yesStake, long totalStake)
      implements Event {}

  /** The trainer's reputation fell below the threshold; it may not send updates before {@code untilRound}. */
  record TrainerSuspended(MemberId trainer, long untilRound) implements Event {}

  record RoundClosed(long round, long newModelVersion, Hash32 newModelHash, int updates) implements Event {}

  record Slashed(MemberId validator, long amount, long height, int round) implements Event {}

  record ProposalOpened(long id, MemberId proposer) implements Event {}

  record ProposalPassed(long id) implements Event {}

  /** Passed, but could not be applied (e.g. it would leave no validator stake). */
  record ProposalFailed(long id, String reason) implements Event {}

  record ProposalLapsed(long id) implements Event {}
}
