package io.fedchain.node.cli;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.ParamTensor;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.model.Safetensors;
import io.fedchain.storage.ColumnEntry;
import io.fedchain.storage.chain.ModelVersion;
import io.fedchain.storage.chain.Schema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain model export}: a global model version out of a stopped node's database, for
 * PyTorch (safetensors) or for anything that reads CSV.
 */
// No mixinStandardHelpOptions: its -V/--version would take --version, which here is the model version.
@Command(name = "export", sortOptions = false,
    description = "Writes a global model version from a node's database (the node must be stopped).",
    footerHeading = "%nFormats:%n",
    footer = {"safetensors  F32 tensors for safetensors.torch.load_file. MLP and softmax models are named and "
        + "shaped as a torch.nn.Sequential of Linear and ReLU layers (0.weight [out, in], 0.bias, 2.weight, ...), "
        + "so load_state_dict takes them as they are. DL4J models keep DL4J's parameter names (0_W, 0_b, ...): "
        + "rename them for a PyTorch module. The header's __metadata__ holds the chain id, genesis hash, model "
        + "spec, version, height and model hash.",
        "",
        "csv          A header 'tensor,index,value', then one row per parameter, in the order of the chain's flat "
        + "parameter vector (whose float32 little-endian bytes hash to the model hash): tensor is fedchain's "
        + "name (layers.<l>.weight, shape [in, out]; layers.<l>.bias, [out]), index the element's row-major "
        + "position in that tensor, value the float32 as the shortest decimal that reads back to the same float. "
        + "The shapes are printed on stderr."})
final class ModelExportCommand implements Callable<Integer> {
  enum Format {
    SAFETENSORS, CSV;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("unknown format '" + value + "': expected safetensors or csv");
      }
    }
  }

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--home", required = true, paramLabel = "DIR", description = "The node's home directory (holds db/).")
  Path home;

  @Option(names = "--version", paramLabel = "N", description = "Global model version (default: the latest).")
  Optional<Long> version;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "safetensors or csv (see Formats below).")
  Format format;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  Path out;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    checkOut();
    try (OfflineDatabase od = OfflineDatabase.open(home)) {
      Genesis genesis = od.genesis();
      ModelVersion mv = modelVersion(od);
      Hash32 hash = Hash32.wrap(mv.modelHash().toArray());
      float[] params = od.db().model(hash).orElseThrow(() -> new IllegalStateException("the database at " + od.dir()
          + " lists model version " + mv.version() + " (" + hash.toHex() + ") but does not hold its parameters. "
          + "The database is damaged: restore it from a backup, or move it away and resync."));
      if (!Hash32.wrap(Parameters.sha256(params)).equals(hash)) {
        throw new IllegalStateException("the parameters of model version " + mv.version() + " in " + od.dir()
            + " do not hash to " + hash.toHex() + ". The database is damaged: restore it from a backup, or move it "
            + "away and resync.");
      }
      ModelSpec modelSpec = ModelSpec.parse(genesis.modelSpec());
      Model model = modelSpec.newModel();
      model.checkParameters(params);
      PrintWriter err = spec.commandLine().getErr();
      err.println("version     " + mv.version() + " (set by block " + mv.height() + ")");
      err.println("hash        " + hash.toHex());
      err.println("model       " + modelSpec + ", " + params.length + " parameters");
      for (ParamTensor t : model.layout()) {
        err.println("  " + t.name() + " " + Arrays.toString(t.shape()));
      }
      if (format == Format.SAFETENSORS && !(modelSpec instanceof ModelSpec.Mlp)) {
        err.println("note        " + modelSpec + " has no PyTorch module mapping: the tensors keep DL4J's names "
            + "(weights in PyTorch's [out, in, ...] order); rename them before load_state_dict");
      }
      long bytes = write(genesis, modelSpec, model, mv, hash, params);
      err.println("wrote       " + out + " (" + format + ", " + bytes + " bytes)");
      err.flush();
      spec.commandLine().getOut().println(out + ": model version " + mv.version() + " of chain " + genesis.chainId()
          + ", " + params.length + " parameters, sha256 " + hash.toHex());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  /** Fails before the database is opened, so a typo in --out does not cost a database open. */
  private void checkOut() {
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out " + out + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a directory: give a file name");
    }
    if (!force && Files.exists(out)) {
      throw new IllegalArgumentException("--out " + out + " exists; use --force to overwrite it");
    }
  }

  private ModelVersion modelVersion(OfflineDatabase od) {
    if (version.isEmpty()) {
      return od.db().store().latestModel().orElseThrow(() -> new IllegalStateException("the database at "
          + od.dir() + " has a genesis but no model version: it is damaged"));
    }
    long n = version.get();
    Optional<ModelVersion> found = n < 0 ? Optional.empty() : od.db().store().modelVersion(n);
    return found.orElseThrow(() -> new IllegalArgumentException("--version " + n + ": no such model version in "
        + od.dir() + "; it holds " + describeVersions(od)));
  }

  /** The stored versions as ranges, e.g. "versions 0-7" or "versions 0-3, 5". */
  private static String describeVersions(OfflineDatabase od) {
    List<Long> versions;
    try (Stream<ColumnEntry<Long, ModelVersion>> s = od.kv().stream(Schema.MODEL_VERSIONS)) {
      versions = s.map(ColumnEntry::key).toList();
    }
    if (versions.isEmpty()) {
      return "no model versions";
    }
    StringBuilder sb = new StringBuilder(versions.size() == 1 ? "version " : "versions ");
    int i = 0;
    while (i < versions.size()) {
      int j = i;
      while (j + 1 < versions.size() && versions.get(j + 1) == versions.get(j) + 1) {
        j++;
      }
      sb.append(i == 0 ? "" : ", ").append(versions.get(i));
      if (j > i) {
        sb.append('-').append(versions.get(j));
      }
      i = j + 1;
    }
    return sb + " (latest " + versions.get(versions.size() - 1) + ")";
  }

  /** Writes through a temporary file in the same directory, so FILE is never left half written. */
  private long write(Genesis genesis, ModelSpec modelSpec, Model model, ModelVersion mv, Hash32 hash, float[] params)
      throws IOException {
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".", ".tmp");
    try {
      if (format == Format.SAFETENSORS) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("chain_id", genesis.chainId());
        metadata.put("genesis_hash", genesis.hash().toHex());
        metadata.put("model", modelSpec.toString());
        metadata.put("version", Long.toString(mv.version()));
        metadata.put("height", Long.toString(mv.height()));
        metadata.put("model_sha256", hash.toHex());
        try (OutputStream o = Files.newOutputStream(tmp)) {
          o.write(Safetensors.write(Safetensors.pytorchTensors(model, params), metadata));
        }
      } else {
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          writeCsv(w, model.layout(), params);
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return Files.size(out);
  }

  static void writeCsv(BufferedWriter w, List<ParamTensor> layout, float[] params) throws IOException {
    w.write("tensor,index,value\n");
    for (ParamTensor t : layout) {
      String name = csvField(t.name());
      for (int i = 0; i < t.size(); i++) {
        w.write(name);
        w.write(',');
        w.write(Integer.toString(i));
        w.write(',');
        w.write(Float.toString(params[t.offset() + i]));
        w.write('\n');
      }
    }
  }

  /** Quotes a name only when CSV needs it; fedchain's and DL4J's names never do. */
  private static String csvField(String s) {
    return s.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
