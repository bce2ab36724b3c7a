package io.fedchain.storage.chain;

import static io.fedchain.storage.Serializers.BYTES;
import static io.fedchain.storage.Serializers.HASH32;
import static io.fedchain.storage.Serializers.LONG;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.KvStoreColumn;
import io.fedchain.storage.KvStoreVariable;
import io.fedchain.storage.SchemaDefinition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every column and variable fedchain stores, with the ids that are on disk. The storage README has
 * the same table.
 *
 * <p>Rules for changing it: a new column or variable takes an id never used before; a dropped one
 * moves its id to {@link #RETIRED_COLUMN_IDS} or {@link #RETIRED_VARIABLE_IDS} with the version that
 * dropped it and why, and the id is never used again; any change of what an existing id holds, or
 * of an encoding, raises {@link #VERSION}. A node refuses a directory of another version, so a
 * version bump without a migration means a resync.
 */
public final class Schema {
  private Schema() {}

  /** The on-disk version this code reads and writes. */
  public static final int VERSION = 1;

  public static final KvStoreColumn<byte[], byte[]> METADATA = SchemaDefinition.METADATA;

  /** Block hash -> the block's bytes as the chain encodes them, commit certificate included. */
  public static final KvStoreColumn<Hash32, byte[]> BLOCKS = new KvStoreColumn<>(1, "blocks", HASH32, BYTES);

  /** Height -> hash of the committed block at that height. */
  public static final KvStoreColumn<Long, Hash32> BLOCK_HASH_BY_HEIGHT = new KvStoreColumn<>(2,
      "block_hash_by_height", LONG, HASH32);

  /** Delta hash -> encoded delta (content-addressed: one copy however many blocks include it). Pruned. */
  public static final KvStoreColumn<Hash32, byte[]> DELTAS = new KvStoreColumn<>(3, "deltas", HASH32, BYTES);

  /** (height, delta hash) -> the delta's position in that block. Kept when the deltas are pruned. */
  public static final KvStoreColumn<BlockDeltaKey, Long> BLOCK_DELTAS = new KvStoreColumn<>(4, "block_deltas",
      BlockDeltaKey.SERIALIZER, LONG);

  /**
   * Delta hash -> height of the newest block that includes it; pruning keeps a delta that a block
   * inside the retention window still includes.
   */
  public static final KvStoreColumn<Hash32, Long> DELTA_LAST_BLOCK = new KvStoreColumn<>(5, "delta_last_block",
      HASH32, LONG);

  /** State root -> the encoded state it is the root of. */
  public static final KvStoreColumn<Hash32, byte[]> STATES = new KvStoreColumn<>(6, "states", HASH32, BYTES);

  /** Height -> root of the state after the block at that height. */
  public static final KvStoreColumn<Long, Hash32> STATE_ROOT_BY_HEIGHT = new KvStoreColumn<>(7,
      "state_root_by_height", LONG, HASH32);

  /** Global model version -> the block that set it and the model's hash. */
  public static final KvStoreColumn<Long, ModelVersion> MODEL_VERSIONS = new KvStoreColumn<>(8, "model_versions",
      LONG, ModelVersion.SERIALIZER);

  /**
   * Model hash -> the model's parameters. Kept for every version: once old deltas are pruned a
   * model cannot be recomputed from the chain.
   */
  public static final KvStoreColumn<Hash32, byte[]> MODELS = new KvStoreColumn<>(9, "models", HASH32, BYTES);

  /** Sequence number -> a record of the consensus write-ahead log (own votes, fsynced before sending). */
  public static final KvStoreColumn<Long, byte[]> CONSENSUS_WAL = new KvStoreColumn<>(10, "consensus_wal", LONG,
      BYTES);

  public static final KvStoreVariable<Long> DB_VERSION = SchemaDefinition.DB_VERSION;

  /** The last appended block. A BFT commit is final, so there is no separate finalized head. */
  public static final KvStoreVariable<BlockRef> HEAD = new KvStoreVariable<>(1, "head", BlockRef.SERIALIZER);

  /** The newest global model version. */
  public static final KvStoreVariable<ModelVersion> LATEST_MODEL = new KvStoreVariable<>(2, "latest_model",
      ModelVersion.SERIALIZER);

  /** Every block below this height has had its deltas pruned. */
  public static final KvStoreVariable<Long> DELTAS_PRUNED_BELOW = new KvStoreVariable<>(3, "deltas_pruned_below",
      LONG);

  /** Column ids of earlier versions, never to be reused: none yet. */
  public static final Map<Integer, String> RETIRED_COLUMN_IDS = Map.of();

  /** Variable ids of earlier versions, never to be reused: none yet. */
  public static final Map<Integer, String> RETIRED_VARIABLE_IDS = Map.of();

  public static final SchemaDefinition DEFINITION = new SchemaDefinition(VERSION,
      List.of(METADATA, BLOCKS, BLOCK_HASH_BY_HEIGHT, DELTAS, BLOCK_DELTAS, DELTA_LAST_BLOCK, STATES,
          STATE_ROOT_BY_HEIGHT, MODEL_VERSIONS, MODELS, CONSENSUS_WAL),
      List.of(DB_VERSION, HEAD, LATEST_MODEL, DELTAS_PRUNED_BELOW),
      new TreeMap<>(RETIRED_COLUMN_IDS), new TreeMap<>(RETIRED_VARIABLE_IDS));
}
