package io.fedchain.learning.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data. PyTorch loads
 * it with {@code safetensors.torch.load_file}.
 *
 * <p>Plain-Java MLP weights are stored input-major ({@code [in, out]}); {@link #pytorchTensors}
 * transposes them to PyTorch's {@code nn.Linear} order ({@code [out, in]}) and names them as an
 * {@code nn.Sequential} of Linear and ReLU layers names them ({@code 0.weight}, {@code 0.bias},
 * {@code 2.weight}, ...), so {@code load_state_dict} accepts them as they are.
 */
public final class Safetensors {
  private Safetensors() {}

  /** One tensor: a name, a shape, and its values in row-major order of that shape. */
  public record Tensor(String name, int[] shape, float[] values) {
    public Tensor {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      if (n != values.length) {
        throw new IllegalArgumentException(name + ": shape " + java.util.Arrays.toString(shape) + " holds " + n
            + " values, got " + values.length);
      }
    }
  }

  /** The tensors of {@code params} for {@code model}, in PyTorch's conventions where the model has them. */
  public static List<Tensor> pytorchTensors(Model model, float[] params) {
    model.checkParameters(params);
    List<Tensor> out = new ArrayList<>();
    boolean mlp = model.spec() instanceof ModelSpec.Mlp;
    for (ParamTensor t : model.layout()) {
      float[] values = java.util.Arrays.copyOfRange(params, t.offset(), t.offset() + t.size());
      int[] shape = t.shape();
      String name = t.name();
      if (mlp) {
        int layer = Integer.parseInt(name.split("\\.")[1]);
        boolean weight = name.endsWith(".weight");
        name = (2 * layer) + (weight ? ".weight" : ".bias");
        if (weight) {
          values = transpose(values, shape[0], shape[1]);
          shape = new int[] {shape[1], shape[0]};
        }
      }
      out.add(new Tensor(name, shape, values));
    }
    return out;
  }

  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  /** Encodes tensors (dtype F32) with string metadata. */
  public static byte[] write(List<Tensor> tensors, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"__metadata__\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      json.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      first = false;
    }
    json.append('}');
    long offset = 0;
    for (Tensor t : tensors) {
      long end = offset + 4L * t.values().length;
      json.append(',').append(quote(t.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
      for (int i = 0; i < t.shape().length; i++) {
        json.append(i == 0 ? "" : ",").append(t.shape()[i]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    json.append('}');
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    int pad = (8 - header.length % 8) % 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + header.length + pad + offset));
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + pad);
    out.writeBytes(len.array());
    out.writeBytes(header);
    for (int i = 0; i < pad; i++) {
      out.write(' ');
    }
    for (Tensor t : tensors) {
      out.writeBytes(Parameters.toBytes(t.values()));
    }
    return out.toByteArray();
  }

  /** Reads back what {@link #write} wrote (F32 tensors only): name to tensor, in file order. */
  public static Map<String, Tensor> read(byte[] file) {
    if (file.length < 8) {
      throw new IllegalArgumentException("a safetensors file starts with an 8-byte header length");
    }
    long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > file.length - 8) {
      throw new IllegalArgumentException("header length " + n + " does not fit a file of " + file.length + " bytes");
    }
    String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    Map<String, Tensor> out = new LinkedHashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "\"([^\"]+)\":\\{\"dtype\":\"F32\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}")
        .matcher(header);
    while (m.find()) {
      String[] dims = m.group(2).isEmpty() ? new String[0] : m.group(2).split(",");
      int[] shape = new int[dims.length];
      for (int i = 0; i < dims.length; i++) {
        shape[i] = Integer.parseInt(dims[i]);
      }
      int begin = (int) (8 + n + Long.parseLong(m.group(3)));
      int end = (int) (8 + n + Long.parseLong(m.group(4)));
      out.put(m.group(1), new Tensor(m.group(1), shape,
          Parameters.fromBytes(java.util.Arrays.copyOfRange(file, begin, end))));
    }
    return out;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
