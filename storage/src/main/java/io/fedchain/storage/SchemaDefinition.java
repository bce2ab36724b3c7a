package io.fedchain.storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a store holds: the on-disk version, every column and variable, and the ids that earlier
 * versions used and that stay reserved so an old value is never read as a new kind of thing.
 *
 * <p>Two things never change, whatever the version, because they are how a node finds out which
 * version a directory holds: the metadata column is id 0 and {@code db.version} is variable 0 in
 * it, a big-endian long.
 *
 * <p>The fedchain schema is {@code io.fedchain.storage.chain.Schema}; tests build small ones.
 */
public record SchemaDefinition(int version, List<KvStoreColumn<?, ?>> columns, List<KvStoreVariable<?>> variables,
    SortedMap<Integer, String> retiredColumnIds, SortedMap<Integer, String> retiredVariableIds) {

  /** Variables live here, keyed by variable id. */
  public static final KvStoreColumn<byte[], byte[]> METADATA =
      new KvStoreColumn<>(0, "metadata", Serializers.BYTES, Serializers.BYTES);

  /** Written when a database is created, checked when it is opened. */
  public static final KvStoreVariable<Long> DB_VERSION = new KvStoreVariable<>(0, "db.version", Serializers.LONG);

  public SchemaDefinition {
    if (version < 1) {
      throw new IllegalArgumentException("schema version must be >= 1, got " + version);
    }
    columns = List.copyOf(columns);
    variables = List.copyOf(variables);
    retiredColumnIds = new TreeMap<>(retiredColumnIds);
    retiredVariableIds = new TreeMap<>(retiredVariableIds);
    if (!columns.contains(METADATA)) {
      throw new IllegalArgumentException("schema version " + version + " lacks the metadata column (id 0)");
    }
    if (!variables.contains(DB_VERSION)) {
      throw new IllegalArgumentException("schema version " + version + " lacks the db.version variable (id 0)");
    }
    checkIds("column", columns.stream().map(c -> new Id(c.id(), c.name())).toList(), retiredColumnIds);
    checkIds("variable", variables.stream().map(v -> new Id(v.id(), v.name())).toList(), retiredVariableIds);
  }

  /** A schema with nothing retired. */
  public SchemaDefinition(int version, List<KvStoreColumn<?, ?>> columns, List<KvStoreVariable<?>> variables) {
    this(version, columns, variables, new TreeMap<>(), new TreeMap<>());
  }

  public Optional<KvStoreColumn<?, ?>> column(int id) {
    return columns.stream().filter(c -> c.id() == id).<KvStoreColumn<?, ?>>map(c -> c).findFirst();
  }

  public boolean contains(KvStoreColumn<?, ?> column) {
    return columns.contains(column);
  }

  public boolean contains(KvStoreVariable<?> variable) {
    return variables.contains(variable);
  }

  /** The same schema under another version number: tests write directories of other versions with it. */
  public SchemaDefinition withVersion(int otherVersion) {
    return new SchemaDefinition(otherVersion, columns, variables, retiredColumnIds, retiredVariableIds);
  }

  private record Id(int id, String name) {}

  private static void checkIds(String kind, List<Id> ids, Map<Integer, String> retired) {
    Map<Integer, String> byId = new HashMap<>();
    Map<String, Integer> byName = new HashMap<>();
    for (Id id : ids) {
      String previous = byId.putIfAbsent(id.id(), id.name());
      if (previous != null) {
        throw new IllegalArgumentException(kind + " id " + id.id() + " is used by both '" + previous + "' and '"
            + id.name() + "'");
      }
      Integer sameName = byName.putIfAbsent(id.name(), id.id());
      if (sameName != null) {
        throw new IllegalArgumentException(kind + " name '" + id.name() + "' is used by ids " + sameName + " and "
            + id.id());
      }
      if (retired.containsKey(id.id())) {
        throw new IllegalArgumentException(kind + " '" + id.name() + "' reuses retired id " + id.id() + " ("
            + retired.get(id.id()) + "): retired ids stay reserved, take a new one");
      }
    }
  }
}
