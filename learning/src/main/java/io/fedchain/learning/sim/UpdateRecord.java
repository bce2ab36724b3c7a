package io.fedchain.learning.sim;

/**
 * What happened to one client's update in one round: who sent it, how large it was, what the
 * validators measured and whether it was accepted.
 *
 * @param yesVotes validators (of {@code voters}) that voted to accept it
 * @param meanGain mean score the honest validators gave it (see VerdictRule), NaN without the filter
 * @param minGain lowest score an honest validator gave it, NaN without the filter
 * @param meanLossGain mean loss score (loss decrease) the honest validators gave it, NaN without the filter
 * @param minLossGain lowest loss score an honest validator gave it, NaN without the filter
 */
public record UpdateRecord(int round, int client, boolean attacker, int numSamples, double norm, int encodedBytes,
    int yesVotes, int voters, double meanGain, double minGain, double meanLossGain, double minLossGain,
    boolean accepted) {

  static final String CSV_HEADER = "round,client,attacker,num_samples,l2_norm,encoded_bytes,yes_votes,voters,"
      + "mean_gain,min_gain,mean_loss_gain,min_loss_gain,accepted";

  String csvRow() {
    return String.format(java.util.Locale.ROOT, "%d,%d,%b,%d,%.5f,%d,%d,%d,%s,%s,%s,%s,%b", round, client, attacker,
        numSamples, norm, encodedBytes, yesVotes, voters, fmt(meanGain), fmt(minGain), fmt(meanLossGain),
        fmt(minLossGain), accepted);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
