package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.model.Safetensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelExportCommandTest {
  @TempDir
  static Path home;
  static TestChainHome chain;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void buildChain() throws Exception {
    chain = TestChainHome.create(home);
  }

  private int run(String... args) {
    return FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void shouldExportTheLatestModelAsSafetensorsThatReadBackAsTheModel() throws IOException {
    Path file = dir.resolve("model.safetensors");
    int code = run("model", "export", "--home", home.toString(), "--format", "safetensors", "--out", file.toString());
    assertEquals(0, code, err.toString());
    float[] latest = chain.models.get(2);
    Model model = ModelSpec.parse(TestChainHome.MODEL).newModel();
    Map<String, Safetensors.Tensor> back = Safetensors.read(Files.readAllBytes(file));
    List<Safetensors.Tensor> expected = Safetensors.pytorchTensors(model, latest);
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(back.keySet()));
    for (Safetensors.Tensor t : expected) {
      assertArrayEquals(t.shape(), back.get(t.name()).shape(), t.name());
      assertArrayEquals(t.values(), back.get(t.name()).values(), t.name());
    }
    assertArrayEquals(new int[] {8, 16}, back.get("0.weight").shape(), "PyTorch's nn.Linear order [out, in]");
    String hash = Parameters.hex(Parameters.sha256(latest));
    assertTrue(err.toString().contains("version     2"), err.toString());
    assertTrue(err.toString().contains(hash), err.toString());
    assertTrue(err.toString().contains(model.parameterCount() + " parameters"), err.toString());
    assertEquals(1, out.toString().lines().count(), "one summary line on stdout: " + out);
    assertTrue(out.toString().contains(file.toString()) && out.toString().contains(hash), out.toString());
  }

  @Test
  void shouldExportAGivenVersionAsCsvWithOneRowPerParameter() throws IOException {
    Path file = dir.resolve("v1.csv");
    int code = run("model", "export", "--home", home.toString(), "--version", "1", "--format", "CSV", "--out",
        file.toString());
    assertEquals(0, code, err.toString());
    List<String> lines = Files.readAllLines(file);
    float[] v1 = chain.models.get(1);
    assertEquals(v1.length + 1, lines.size());
    assertEquals("tensor,index,value", lines.get(0));
    assertEquals("layers.0.weight,0," + v1[0], lines.get(1));
    float[] back = new float[v1.length];
    for (int i = 0; i < v1.length; i++) {
      back[i] = Float.parseFloat(lines.get(i + 1).split(",")[2]);
    }
    assertArrayEquals(v1, back, "the rows, in order, are the flat parameter vector");
    String last = lines.get(lines.size() - 1);
    assertEquals("layers.1.bias,3," + v1[v1.length - 1], last);
  }

  @Test
  void anUnknownVersionShouldFailNamingTheVersionsThatExist() {
    Path file = dir.resolve("v9.csv");
    int code = run("model", "export", "--home", home.toString(), "--version", "9", "--format", "csv", "--out",
        file.toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains("--version 9") && err.toString().contains("versions 0-2"), err.toString());
    assertFalse(Files.exists(file));
  }

  @Test
  void aMissingHomeShouldFailNamingItAndCreateNothing() {
    Path missing = dir.resolve("no-such-home");
    int code = run("model", "export", "--home", missing.toString(), "--format", "csv", "--out",
        dir.resolve("m.csv").toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains(missing.toString()) && err.toString().contains("does not exist"),
        err.toString());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aHomeWithoutADatabaseShouldFailAndStayEmpty() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty-home"));
    int code = run("model", "export", "--home", empty.toString(), "--format", "csv", "--out",
        dir.resolve("m.csv").toString());
    assertEquals(1, code);
    assertTrue(err.toString().contains("holds no chain database"), err.toString());
    try (var files = Files.list(empty)) {
      assertEquals(0, files.count(), "no database was created");
    }
  }

  @Test
  void anUnknownFormatShouldBeAUsageErrorNamingIt() {
    int code = run("model", "export", "--home", home.toString(), "--format", "onnx", "--out",
        dir.resolve("m.onnx").toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("unknown format 'onnx'"), err.toString());
  }

  @Test
  void anExistingOutputFileShouldBeKeptWithoutForce() throws IOException {
    Path file = Files.writeString(dir.resolve("keep.csv"), "mine");
    assertEquals(1, run("model", "export", "--home", home.toString(), "--format", "csv", "--out", file.toString()));
    assertTrue(err.toString().contains("--force"), err.toString());
    assertEquals("mine", Files.readString(file));
    assertEquals(0, run("model", "export", "--home", home.toString(), "--format", "csv", "--out", file.toString(),
        "--force"));
    assertTrue(Files.readString(file).startsWith("tensor,index,value"));
  }

  @Test
  void helpShouldDocumentTheCsvLayout() {
    assertEquals(0, run("model", "export", "--help"));
    assertTrue(out.toString().contains("'tensor,index,value'") && out.toString().contains("--version=N"),
        out.toString());
  }
}
