package io.fedchain.learning.attack;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.util.SeededRandom;
import java.util.List;

/**
 * Data poisoning by label flipping: every label {@code y} becomes {@code C-1-y} (Fang et al. 2020,
 * "Local Model Poisoning Attacks to Byzantine-Robust Federated Learning"; Tolpegin et al. 2020).
 * The update is then trained honestly on the wrong labels, so its norm looks ordinary.
 */
public record LabelFlip() implements Attack {
  @Override
  public Dataset poison(Dataset train) {
    int[] mapping = new int[train.classes()];
    for (int y = 0; y < mapping.length; y++) {
      mapping[y] = mapping.length - 1 - y;
    }
    return train.relabel(train.name() + "/label-flipped", mapping);
  }

  @Override
  public List<float[]> tamper(List<float[]> trained, int totalClients, SeededRandom rng) {
    return trained;
  }

  @Override
  public String toString() {
    return "label-flip";
  }
}
