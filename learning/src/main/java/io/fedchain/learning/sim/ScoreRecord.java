package io.fedchain.learning.sim;

/**
 * One validator's measurement of one update in one round ({@code scores.csv}): the raw material for
 * calibrating verdict rules offline.
 */
public record ScoreRecord(int round, int validator, boolean validatorAttacker, int client, boolean clientAttacker,
    double score, double lossScore, boolean vote) {

  static final String CSV_HEADER =
      "round,validator,validator_attacker,client,client_attacker,score,loss_score,vote";

  String csvRow() {
    return String.format(java.util.Locale.ROOT, "%d,%d,%b,%d,%b,%.5f,%.5f,%b", round, validator, validatorAttacker,
        client, clientAttacker, score, lossScore, vote);
  }
}
