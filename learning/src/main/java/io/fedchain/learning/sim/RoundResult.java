package io.fedchain.learning.sim;

/**
 * One round of a simulation.
 *
 * @param testAccuracy accuracy of the new global model on the test set
 * @param accepted updates that entered the aggregate
 * @param rejected updates the validators voted out
 * @param honestRejected rejected updates that came from honest clients (false positives)
 * @param maliciousAccepted accepted updates that came from attackers (false negatives)
 * @param dpEpsilon privacy spent so far by each client, or NaN without DP
 * @param modelHash SHA-256 of the new global model's parameters, hex
 */
public record RoundResult(int round, double testAccuracy, double testLoss, int accepted, int rejected,
    int honestRejected, int maliciousAccepted, double seconds, double dpEpsilon, String modelHash) {

  static final String CSV_HEADER =
      "round,test_accuracy,test_loss,accepted,rejected,honest_rejected,malicious_accepted,seconds,dp_epsilon,model_hash";

  String csvRow() {
    return String.format(java.util.Locale.ROOT, "%d,%.4f,%.4f,%d,%d,%d,%d,%.2f,%s,%s", round, testAccuracy, testLoss,
        accepted, rejected, honestRejected, maliciousAccepted, seconds,
        Double.isNaN(dpEpsilon) ? "" : String.format(java.util.Locale.ROOT, "%.3f", dpEpsilon), modelHash);
  }
}
