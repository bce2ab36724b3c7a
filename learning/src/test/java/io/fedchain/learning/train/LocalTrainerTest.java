package io.fedchain.learning.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {
  private final Dataset data = SyntheticData.fashionShaped("synthetic", 600, 3);
  private final Model model = ModelSpec.parse("mlp:784-32-10").newModel();
  private final float[] global = model.initialParameters(1);

  @Test
  void shouldBeDeterministicForASeed() {
    LocalTrainer trainer = new LocalTrainer(model);
    TrainingConfig cfg = new TrainingConfig(1, 16, 0.05f, 0.9f, 0.01f, 0f);
    LocalUpdate a = trainer.train(global, data, cfg, 7);
    LocalUpdate b = trainer.train(global, data, cfg, 7);
    LocalUpdate c = trainer.train(global, data, cfg, 8);
    assertArrayEquals(a.delta(), b.delta());
    assertFalse(Arrays.equals(a.delta(), c.delta()), "the seed orders the batches");
    assertEquals(600, a.numSamples());
  }

  @Test
  void shouldNotModifyTheGlobalModel() {
    float[] copy = global.clone();
    new LocalTrainer(model).train(global, data, TrainingConfig.DEFAULT, 1);
    assertArrayEquals(copy, global);
  }

  @Test
  void fedProxShouldKeepTheLocalModelCloserToTheGlobalOne() {
    LocalTrainer trainer = new LocalTrainer(model);
    double plain = Parameters.l2Norm(trainer.train(global, data, new TrainingConfig(3, 16, 0.05f, 0f, 0f, 0f), 3).delta());
    double prox = Parameters.l2Norm(trainer.train(global, data, new TrainingConfig(3, 16, 0.05f, 0f, 1f, 0f), 3).delta());
    assertTrue(prox < plain * 0.9, "FedProx mu=1 delta norm " + prox + " vs plain " + plain);
  }

  @Test
  void momentumShouldTravelFurtherThanPlainSgdAtTheSameRate() {
    LocalTrainer trainer = new LocalTrainer(model);
    double plain = Parameters.l2Norm(trainer.train(global, data, new TrainingConfig(1, 16, 0.01f, 0f, 0f, 0f), 3).delta());
    double heavy = Parameters.l2Norm(trainer.train(global, data, new TrainingConfig(1, 16, 0.01f, 0.9f, 0f, 0f), 3).delta());
    assertTrue(heavy > plain * 2, "momentum 0.9 delta norm " + heavy + " vs plain " + plain);
  }

  @Test
  void shouldReduceTrainingLoss() {
    LocalTrainer trainer = new LocalTrainer(model);
    LocalUpdate one = trainer.train(global, data, TrainingConfig.DEFAULT.withEpochs(1), 1);
    LocalUpdate three = trainer.train(global, data, TrainingConfig.DEFAULT.withEpochs(3), 1);
    assertTrue(three.trainLoss() < one.trainLoss(), three.trainLoss() + " vs " + one.trainLoss());
  }

  @Test
  void shouldRejectBadHyperParameters() {
    assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(0, 32, 0.1f, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 0, 0.1f, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 32, Float.NaN, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 32, 0.1f, 1f, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 32, 0.1f, 0, -1f, 0));
  }
}
