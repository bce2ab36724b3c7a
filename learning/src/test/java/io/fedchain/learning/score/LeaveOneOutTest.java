package io.fedchain.learning.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {
  private final Model model = ModelSpec.parse("softmax").newModel();
  private final Dataset validation = SyntheticData.prototypes("validation", 300, 784, 10, 200, 4);

  /** Four honest updates from a half-trained model, each from its own slice of data. */
  private List<WeightedDelta> honestUpdates(float[] base) {
    List<WeightedDelta> out = new ArrayList<>();
    LocalTrainer trainer = new LocalTrainer(model);
    for (int c = 0; c < 4; c++) {
      Dataset data = SyntheticData.prototypes("client-" + c, 300, 784, 10, 200, 4 + 100 * (c + 1));
      out.add(new WeightedDelta(trainer.train(base, data, TrainingConfig.DEFAULT.withEpochs(1), c).delta(), 300));
    }
    return out;
  }

  private float[] halfTrained() {
    float[] w = model.initialParameters(1);
    Dataset warm = SyntheticData.prototypes("warm-up", 200, 784, 10, 200, 4 + 7);
    return Parameters.add(w, new LocalTrainer(model).train(w, warm, new TrainingConfig(1, 32, 0.002f, 0f, 0f, 0f), 1)
        .delta());
  }

  @Test
  void shouldAcceptHonestUpdatesAndRejectASignFlippedOne() {
    float[] base = halfTrained();
    List<WeightedDelta> updates = new ArrayList<>(honestUpdates(base));
    updates.add(new WeightedDelta(Parameters.scale(updates.get(0).delta(), -5f), 300));
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer, base, updates);
    assertArrayEquals(new boolean[] {true, true, true, true, false}, v.votes(), java.util.Arrays.toString(v.scores()));
    assertTrue(v.scores()[4] < -0.1, "the poisoned update's marginal effect " + v.scores()[4]);
  }

  @Test
  void scoreShouldBeTheMarginalEffectOnTheWeightedAverage() {
    float[] base = halfTrained();
    List<WeightedDelta> updates = honestUpdates(base).subList(0, 2);
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer, base, updates);
    // With two updates of equal weight: avg = (d0 + d1) / 2, and leaving one out leaves the other.
    float[] avg = new float[base.length];
    for (int j = 0; j < avg.length; j++) {
      avg[j] = (float) ((300.0 * updates.get(0).delta()[j] + 300.0 * updates.get(1).delta()[j]) / 600);
    }
    double both = scorer.evaluate(Parameters.add(base, avg)).accuracy();
    double only1 = scorer.evaluate(Parameters.add(base, updates.get(1).delta())).accuracy();
    assertEquals(both - only1, v.scores()[0], 1e-12);
  }

  @Test
  void aLoneUpdateShouldBeComparedWithTheBaseModel() {
    float[] base = halfTrained();
    WeightedDelta only = honestUpdates(base).get(0);
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    Verdicts v = new VerdictRule.LeaveOneOut(0.02).judge(scorer, base, List.of(only));
    assertEquals(scorer.score(base, only.delta()).accuracyGain(), v.scores()[0], 1e-12);
  }
}
