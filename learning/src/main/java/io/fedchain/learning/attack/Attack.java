package io.fedchain.learning.attack;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.util.SeededRandom;
import java.util.List;
import java.util.Locale;

/**
 * A byzantine behaviour. Attackers first train on {@link #poison}ed data, then all attackers of a
 * round hand their trained deltas to {@link #tamper} together, which returns what they send
 * (colluding attacks such as "A little is enough" need the whole group).
 */
public sealed interface Attack
    permits LabelFlip, SignFlip, Scaling, GaussianNoise, LittleIsEnough {

  /** The data the attacker trains on; unchanged for pure model-poisoning attacks. */
  default Dataset poison(Dataset train) {
    return train;
  }

  /**
   * The deltas the attackers send, one per input, given the deltas they trained.
   *
   * @param totalClients number of clients whose updates are aggregated this round
   */
  List<float[]> tamper(List<float[]> trained, int totalClients, SeededRandom rng);

  /**
   * {@code label-flip}, {@code sign-flip[:scale]} (default 5), {@code scale:<factor>},
   * {@code noise[:sigma]} (default 1), {@code alie[:z]} (z derived from the numbers of clients and
   * attackers when absent).
   */
  static Attack parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1);
    try {
      return switch (kind) {
        case "label-flip", "labelflip" -> {
          if (arg != null) {
            throw new IllegalArgumentException("label-flip takes no argument");
          }
          yield new LabelFlip();
        }
        case "sign-flip", "signflip" -> new SignFlip(arg == null ? 5 : Float.parseFloat(arg));
        case "scale", "scaling" -> {
          if (arg == null) {
            throw new IllegalArgumentException("scale needs a factor, as in scale:10");
          }
          yield new Scaling(Float.parseFloat(arg));
        }
        case "noise", "gaussian" -> new GaussianNoise(arg == null ? 1 : Double.parseDouble(arg));
        case "alie", "little-is-enough" -> new LittleIsEnough(arg == null ? Double.NaN : Double.parseDouble(arg));
        default -> throw new IllegalArgumentException("unknown kind");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad attack '" + text + "' (" + e.getMessage()
          + "): expected label-flip, sign-flip[:scale], scale:<factor>, noise[:sigma] or alie[:z]");
    }
  }
}
