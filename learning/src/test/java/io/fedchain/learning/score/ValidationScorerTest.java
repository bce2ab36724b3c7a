package io.fedchain.learning.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class ValidationScorerTest {
  private final Dataset train = SyntheticData.fashionShaped("train", 800, 1);
  private final Dataset validation = SyntheticData.prototypes("validation", 200, 784, 10, 180, 1);
  private final Model model = ModelSpec.parse("softmax").newModel();
  private final float[] base = model.initialParameters(2);

  @Test
  void shouldScoreAHelpfulUpdatePositivelyAndItsNegationNegatively() {
    float[] delta = new LocalTrainer(model).train(base, train, TrainingConfig.DEFAULT.withEpochs(1), 1).delta();
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    ValidationScore good = scorer.score(base, delta);
    assertTrue(good.accuracyGain() > 0.5, good.toString());
    assertTrue(good.lossChange() < 0, good.toString());
    float[] trained = Parameters.add(base, delta);
    ValidationScore undo = scorer.score(trained, Parameters.scale(delta, -1f));
    assertTrue(undo.accuracyGain() < -0.5, undo.toString());
  }

  @Test
  void shouldEvaluateTheBaseModelOncePerBase() {
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    float[] zero = new float[base.length];
    for (int i = 0; i < 5; i++) {
      float[] delta = zero.clone();
      delta[i] = 0.5f;
      scorer.score(base, delta);
    }
    assertEquals(1, scorer.baseEvaluations());
    scorer.score(base.clone(), zero);
    assertEquals(1, scorer.baseEvaluations(), "the cache is keyed by content, not identity");
    scorer.score(Parameters.add(base, Parameters.scale(base, 0.1f)), zero);
    assertEquals(2, scorer.baseEvaluations());
  }

  @Test
  void zeroDeltaShouldScoreZero() {
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    ValidationScore s = scorer.score(base, new float[base.length]);
    assertEquals(0.0, s.accuracyGain());
    assertEquals(0.0, s.lossChange(), 1e-12);
  }

  @Test
  void shouldRejectNonFiniteOrMisSizedDelta() {
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    float[] nan = new float[base.length];
    nan[17] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer.score(base, nan));
    assertTrue(e.getMessage().contains("17"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> scorer.score(base, new float[3]));
  }

  @Test
  void relativeRuleShouldCompareWithTheMedianGain() {
    // gains: 0.40, 0.38, 0.10, 0.42, 0.36 -> median 0.38; epsilon 0.05 accepts >= 0.33.
    double[] gains = {0.40, 0.38, 0.10, 0.42, 0.36};
    assertArrayEquals(new boolean[] {true, true, false, true, true}, new VerdictRule.Relative(0.05).decide(gains));
  }

  @Test
  void relativeRuleShouldRejectAnUpdateThatLosesNothingWhenOthersGainMuch() {
    // Round 1: base at chance. Honest updates gain ~0.6; a poisoned one stays at chance (gain 0).
    double[] gains = {0.6, 0.0, 0.58, 0.61};
    assertArrayEquals(new boolean[] {true, false, true, true}, new VerdictRule.Relative(0.05).decide(gains));
  }

  @Test
  void shouldParseRules() {
    assertEquals(new VerdictRule.Relative(0.02), VerdictRule.parse("relative"));
    assertEquals(new VerdictRule.LeaveOneOut(0.02), VerdictRule.parse("loo"));
    assertEquals(new VerdictRule.LeaveOneOut(0.05), VerdictRule.parse("leave-one-out:0.05"));
    assertEquals(new VerdictRule.Absolute(0.02), VerdictRule.parse("absolute:0.02"));
    assertThrows(IllegalArgumentException.class, () -> VerdictRule.parse("majority"));
    assertThrows(IllegalArgumentException.class, () -> VerdictRule.parse("relative:2"));
    assertThrows(IllegalArgumentException.class, () -> VerdictRule.parse("relative:x"));
  }
}
