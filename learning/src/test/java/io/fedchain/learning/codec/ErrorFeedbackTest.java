package io.fedchain.learning.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedchain.learning.model.Parameters;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorFeedbackTest {
  @Test
  void shouldCarryNothingForALosslessCodec() {
    ErrorFeedback feedback = new ErrorFeedback(Float32Codec.INSTANCE, 1000);
    for (long seed = 1; seed <= 5; seed++) {
      float[] delta = TestDeltas.random(seed * 4, 1000);
      assertArrayEquals(Float32Codec.INSTANCE.encode(delta), feedback.encode(delta));
      assertArrayEquals(new float[1000], feedback.residual());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldSplitTopKInputExactlyIntoSentAndResidual(long seed) {
    TopKCodec codec = TopKCodec.ofFraction(new BigDecimal("0.05"));
    ErrorFeedback feedback = new ErrorFeedback(codec, 2000);
    for (int round = 0; round < 10; round++) {
      float[] delta = TestDeltas.random(seed * 100 + round, 2000);
      float[] input = Parameters.add(delta, feedback.residual());
      float[] sent = codec.decode(feedback.encode(delta), 2000);
      float[] residual = feedback.residual();
      for (int i = 0; i < input.length; i++) {
        // Each coordinate is either sent whole or kept whole.
        boolean whole = (sent[i] == input[i] && residual[i] == 0) || (sent[i] == 0 && residual[i] == input[i]);
        if (!whole) {
          fail("round " + round + ", element " + i + ": input " + input[i] + " split into " + sent[i] + " + " + residual[i]);
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void shouldKeepTheInt8RoundingErrorAsResidual(long seed) {
    Int8Codec codec = new Int8Codec(64);
    ErrorFeedback feedback = new ErrorFeedback(codec, 1000);
    for (int round = 0; round < 5; round++) {
      float[] delta = TestDeltas.random(seed * 100 + round, 1000);
      float[] input = Parameters.add(delta, feedback.residual());
      float[] sent = codec.decode(feedback.encode(delta), 1000);
      assertArrayEquals(Parameters.subtract(input, sent), feedback.residual());
    }
  }

  /** Without feedback top-1 would never send the small coordinate; with it, it goes once it has grown. */
  @Test
  void shouldEventuallySendWhatTopKDrops() {
    TopKCodec codec = TopKCodec.ofCount(1);
    ErrorFeedback feedback = new ErrorFeedback(codec, 2);
    float[] delta = {1f, 0.3f};
    float[] sentTotal = new float[2];
    for (int round = 0; round < 4; round++) {
      sentTotal = Parameters.add(sentTotal, codec.decode(feedback.encode(delta), 2));
    }
    // Rounds 1-3 send 1.0 from index 0; round 4 sends the accumulated 1.2 from index 1.
    assertEquals(3f, sentTotal[0]);
    assertEquals(0.3f + 0.3f + 0.3f + 0.3f, sentTotal[1], 1e-6f);
    assertArrayEquals(new float[] {1f, 0f}, feedback.residual());
  }

  @Test
  void shouldRejectDeltaOfAnotherLength() {
    ErrorFeedback feedback = new ErrorFeedback(new Int8Codec(256), 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> feedback.encode(new float[9]));
    assertTrue(e.getMessage().contains("9 elements") && e.getMessage().contains("residual of 10"), e.getMessage());
  }

  @Test
  void shouldRejectNonFiniteInputAndKeepTheResidual() {
    ErrorFeedback feedback = new ErrorFeedback(TopKCodec.ofCount(1), 2);
    feedback.encode(new float[] {Float.MAX_VALUE, Float.MAX_VALUE});
    float[] before = feedback.residual();
    assertEquals(Float.MAX_VALUE, before[1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> feedback.encode(new float[] {0f, Float.MAX_VALUE}));
    assertTrue(e.getMessage().contains("delta[1] + residual"), e.getMessage());
    assertArrayEquals(before, feedback.residual());
  }
}
