package io.fedchain.learning.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

  @Test
  void mlpTensorsShouldFollowPytorchLinearConventions() {
    Model model = ModelSpec.parse("mlp:3-2-2").newModel();
    float[] p = new float[model.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    List<Safetensors.Tensor> t = Safetensors.pytorchTensors(model, p);
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), t.stream().map(Safetensors.Tensor::name).toList());
    // Our W[in=3][out=2] = [[0,1],[2,3],[4,5]]; PyTorch's weight[out=2][in=3] = [[0,2,4],[1,3,5]].
    assertArrayEquals(new int[] {2, 3}, t.get(0).shape());
    assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, t.get(0).values());
    assertArrayEquals(new float[] {6, 7}, t.get(1).values());
  }

  @Test
  void fileShouldRoundTripAndFollowTheFormat() {
    Model model = ModelSpec.parse("mlp:4-3-2").newModel();
    float[] p = model.initialParameters(5);
    List<Safetensors.Tensor> tensors = Safetensors.pytorchTensors(model, p);
    byte[] file = Safetensors.write(tensors, Map.of("model", "mlp:4-3-2", "version", "7"));
    long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + headerLength) % 8, "data starts 8-aligned");
    String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8).trim();
    assertEquals('{', header.charAt(0));
    assertEquals(8 + headerLength + 4L * p.length, file.length);
    Map<String, Safetensors.Tensor> back = Safetensors.read(file);
    for (Safetensors.Tensor t : tensors) {
      assertArrayEquals(t.values(), back.get(t.name()).values(), t.name());
      assertArrayEquals(t.shape(), back.get(t.name()).shape(), t.name());
    }
  }
}
