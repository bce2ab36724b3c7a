package io.fedchain.learning.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.score.ValidationScore;
import io.fedchain.learning.score.ValidationScorer;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.learning.util.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttackTest {
  private final Dataset train = SyntheticData.fashionShaped("train", 1000, 8);
  private final Dataset validation = SyntheticData.prototypes("validation", 300, 784, 10, 180, 8);
  private final Model model = ModelSpec.parse("softmax").newModel();

  @Test
  void labelFlipShouldMapYToLastMinusY() {
    Dataset flipped = new LabelFlip().poison(train);
    for (int r = 0; r < train.size(); r++) {
      assertEquals(9 - train.label(r), flipped.label(r));
      assertEquals(train.pixel(r, 300), flipped.pixel(r, 300));
    }
  }

  @Test
  void labelFlippedUpdateShouldHurtWhereAnHonestOneHelps() {
    // A model trained for a while, so the attack has something to destroy.
    float[] w = model.initialParameters(1);
    LocalTrainer trainer = new LocalTrainer(model);
    w = Parameters.add(w, trainer.train(w, train, TrainingConfig.DEFAULT.withEpochs(1), 1).delta());
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    float[] honest = trainer.train(w, train, TrainingConfig.DEFAULT.withEpochs(1), 2).delta();
    float[] poisoned = trainer.train(w, new LabelFlip().poison(train), TrainingConfig.DEFAULT.withEpochs(1), 2).delta();
    double honestGain = scorer.score(w, honest).accuracyGain();
    double poisonedGain = scorer.score(w, poisoned).accuracyGain();
    assertTrue(honestGain > -0.02, "honest " + honestGain);
    assertTrue(poisonedGain < -0.5, "label-flipped " + poisonedGain);
  }

  @Test
  void signFlipShouldNegateAndScale() {
    List<float[]> out = new SignFlip(5).tamper(List.of(new float[] {1f, -2f, 0f}), 10, new SeededRandom(1));
    assertArrayEquals(new float[] {-5f, 10f, -0f}, out.get(0));
  }

  @Test
  void signFlippedUpdateShouldUndoTraining() {
    float[] w = model.initialParameters(1);
    LocalTrainer trainer = new LocalTrainer(model);
    w = Parameters.add(w, trainer.train(w, train, TrainingConfig.DEFAULT.withEpochs(1), 1).delta());
    float[] honest = trainer.train(w, train, TrainingConfig.DEFAULT.withEpochs(1), 2).delta();
    float[] flipped = new SignFlip(5).tamper(List.of(honest), 10, new SeededRandom(1)).get(0);
    ValidationScorer scorer = new ValidationScorer(ModelSpec.parse("softmax").newModel(), validation);
    ValidationScore s = scorer.score(w, flipped);
    assertTrue(s.accuracyGain() < -0.1, s.toString());
    assertTrue(s.updated().loss() > 10 * s.base().loss(), s.toString());
  }

  @Test
  void scalingShouldMultiply() {
    assertArrayEquals(new float[] {3f, -6f}, new Scaling(3).tamper(List.of(new float[] {1f, -2f}), 4,
        new SeededRandom(1)).get(0));
  }

  @Test
  void gaussianNoiseShouldReplaceTheDeltaWithNoiseOfTheGivenSpread() {
    float[] d = new float[50_000];
    float[] noise = new GaussianNoise(2.0).tamper(List.of(d), 10, new SeededRandom(3)).get(0);
    double sum = 0;
    double sq = 0;
    for (float v : noise) {
      sum += v;
      sq += (double) v * v;
    }
    double mean = sum / noise.length;
    double std = Math.sqrt(sq / noise.length - mean * mean);
    assertEquals(0, mean, 0.05);
    assertEquals(2.0, std, 0.05);
  }

  @Test
  void littleIsEnoughShouldSendMeanMinusZStd() {
    // Coordinate 0: values 1, 2, 3 -> mean 2, sample std 1; coordinate 1: all 4 -> std 0.
    List<float[]> trained = List.of(new float[] {1f, 4f}, new float[] {2f, 4f}, new float[] {3f, 4f});
    List<float[]> out = new LittleIsEnough(1.5).tamper(trained, 10, new SeededRandom(1));
    assertEquals(3, out.size());
    for (float[] d : out) {
      assertArrayEquals(new float[] {0.5f, 4f}, d, 1e-6f);
    }
  }

  @Test
  void littleIsEnoughDefaultZShouldFollowThePaper() {
    // n = 10, m = 3: s = floor(10/2 + 1) - 3 = 3; z = Phi^-1(7/10) = 0.5244.
    assertEquals(0.5244, LittleIsEnough.defaultZ(10, 3), 1e-4);
    // n = 50, m = 12 (the paper's CIFAR setting): s = 26 - 12 = 14; z = Phi^-1(36/50) = 0.5828.
    assertEquals(0.5828, LittleIsEnough.defaultZ(50, 12), 1e-4);
    assertEquals(0.0, NormalQuantile.of(0.5), 1e-9);
    assertEquals(1.959964, NormalQuantile.of(0.975), 1e-6);
    assertEquals(-2.326348, NormalQuantile.of(0.01), 1e-6);
  }

  @Test
  void shouldParseAttacks() {
    assertEquals(new LabelFlip(), Attack.parse("label-flip"));
    assertEquals(new SignFlip(5), Attack.parse("sign-flip"));
    assertEquals(new SignFlip(2), Attack.parse("sign-flip:2"));
    assertEquals(new Scaling(10), Attack.parse("scale:10"));
    assertEquals(new GaussianNoise(1), Attack.parse("noise"));
    assertTrue(Double.isNaN(((LittleIsEnough) Attack.parse("alie")).z()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attack.parse("backdoor"));
    assertTrue(e.getMessage().contains("backdoor") && e.getMessage().contains("label-flip"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Attack.parse("sign-flip:-1"));
    assertThrows(IllegalArgumentException.class, () -> Attack.parse("scale"));
  }
}
