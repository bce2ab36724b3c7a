package io.fedchain.learning.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.attack.LabelFlip;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The leave-one-out rule on real Fashion-MNIST slices (`make test` ensures the data is present). */
class LeaveOneOutTest {
  private static Dataset train;
  private static Dataset validation;
  private final Model model = ModelSpec.parse("softmax").newModel();
  private final LocalTrainer trainer = new LocalTrainer(model);

  @BeforeAll
  static void load() {
    FashionMnist fm = FashionMnist.locate(Optional.empty());
    train = fm.train().head(12_000);
    validation = fm.test().head(1000);
  }

  private static Dataset slice(int k) {
    return train.subset("client-" + k, IntStream.range(k * 2000, (k + 1) * 2000).toArray());
  }

  private float[] warmedUp() {
    float[] w = model.initialParameters(1);
    return Parameters.add(w, trainer.train(w, slice(5), TrainingConfig.DEFAULT.withEpochs(1), 1).delta());
  }

  private List<WeightedDelta> honestUpdates(float[] base) {
    List<WeightedDelta> out = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      out.add(new WeightedDelta(trainer.train(base, slice(c), TrainingConfig.DEFAULT.withEpochs(1), c).delta(), 2000));
    }
    return out;
  }

  private ValidationScorer scorer() {
    return new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
  }

  @Test
  void judgingOnlyTheNewUpdatesGivesTheSameVerdictsAsJudgingAll() {
    float[] base = warmedUp();
    List<WeightedDelta> updates = honestUpdates(base);
    VerdictRule rule = VerdictRule.parse("loo:0.02");
    Verdicts all = rule.judge(scorer(), base, updates);
    Verdicts tail = rule.judge(scorer(), base, updates, 2);
    for (int i = 2; i < updates.size(); i++) {
      assertEquals(all.scores()[i], tail.scores()[i], "update " + i);
      assertEquals(all.votes()[i], tail.votes()[i], "update " + i);
    }
  }

  @Test
  void shouldScreenOutAnUpdateFarLongerThanTheMedian() {
    float[] base = warmedUp();
    List<WeightedDelta> updates = new ArrayList<>(honestUpdates(base));
    updates.add(new WeightedDelta(Parameters.scale(updates.get(0).delta(), -5f), 2000));
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer(), base, updates);
    assertArrayEquals(new boolean[] {true, true, true, true, false}, v.votes(), Arrays.toString(v.scores()));
    assertTrue(v.scores()[4] < -0.05, "adding the screened update in would cost " + v.scores()[4]);
  }

  @Test
  void shouldRejectALabelFlippedUpdateOfOrdinaryLength() {
    // From untrained weights, where every update moves the model far.
    float[] base = model.initialParameters(1);
    List<WeightedDelta> updates = new ArrayList<>(honestUpdates(base));
    Dataset poisoned = new LabelFlip().poison(slice(4));
    float[] flipped = trainer.train(base, poisoned, TrainingConfig.DEFAULT.withEpochs(1), 9).delta();
    // Trained on wrong labels the delta is long, and the length screen alone would catch it. Scaled
    // to 2.5 times an honest update's length, under the screen's factor 3, it must be caught by its
    // effect on accuracy. (At an honest length, one flipped update in five hardly moves accuracy:
    // the rule lets through what costs less than epsilon, by design.)
    float honestNorm = (float) Parameters.l2Norm(updates.get(0).delta());
    flipped = Parameters.scale(flipped, 2.5f * honestNorm / (float) Parameters.l2Norm(flipped));
    updates.add(new WeightedDelta(flipped, 2000));
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer(), base, updates);
    assertArrayEquals(new boolean[] {true, true, true, true, false}, v.votes(), Arrays.toString(v.scores()));
  }

  @Test
  void scoreShouldBeTheMarginalEffectOnTheWeightedAverage() {
    float[] base = warmedUp();
    List<WeightedDelta> updates = honestUpdates(base).subList(0, 2);
    ValidationScorer scorer = scorer();
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer, base, updates);
    // Two updates of equal weight: avg = (d0 + d1) / 2, and leaving one out leaves the other.
    float[] avg = new float[base.length];
    for (int j = 0; j < avg.length; j++) {
      avg[j] = base[j] + (float) ((2000.0 * updates.get(0).delta()[j] + 2000.0 * updates.get(1).delta()[j]) / 4000);
    }
    double both = scorer.evaluate(avg).accuracy();
    double only1 = scorer.evaluate(Parameters.add(base, updates.get(1).delta())).accuracy();
    assertEquals(both - only1, v.scores()[0], 1e-12);
  }

  @Test
  void aLoneUpdateShouldBeComparedWithTheBaseModel() {
    float[] base = warmedUp();
    WeightedDelta only = honestUpdates(base).get(0);
    ValidationScorer scorer = scorer();
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer, base, List.of(only));
    assertEquals(scorer.score(base, only.delta()).accuracyGain(), v.scores()[0], 1e-12);
  }
}
