package io.fedchain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SchemaDefinitionTest {
  private static final KvStoreColumn<Long, Long> A = new KvStoreColumn<>(1, "a", Serializers.LONG, Serializers.LONG);

  private static IllegalArgumentException invalid(List<KvStoreColumn<?, ?>> columns,
      List<KvStoreVariable<?>> variables, Map<Integer, String> retiredColumns, Map<Integer, String> retiredVariables) {
    return assertThrows(IllegalArgumentException.class, () -> new SchemaDefinition(1, columns, variables,
        new TreeMap<>(retiredColumns), new TreeMap<>(retiredVariables)));
  }

  @Test
  void shouldRefuseTwoColumnsWithOneId() {
    KvStoreColumn<Long, Long> b = new KvStoreColumn<>(1, "b", Serializers.LONG, Serializers.LONG);
    IllegalArgumentException e = invalid(List.of(SchemaDefinition.METADATA, A, b),
        List.of(SchemaDefinition.DB_VERSION), Map.of(), Map.of());
    assertEquals("column id 1 is used by both 'a' and 'b'", e.getMessage());
  }

  @Test
  void shouldRefuseTwoColumnsWithOneName() {
    KvStoreColumn<Long, Long> a2 = new KvStoreColumn<>(2, "a", Serializers.LONG, Serializers.LONG);
    IllegalArgumentException e = invalid(List.of(SchemaDefinition.METADATA, A, a2),
        List.of(SchemaDefinition.DB_VERSION), Map.of(), Map.of());
    assertEquals("column name 'a' is used by ids 1 and 2", e.getMessage());
  }

  @Test
  void shouldRefuseAColumnThatReusesARetiredId() {
    IllegalArgumentException e = invalid(List.of(SchemaDefinition.METADATA, A), List.of(SchemaDefinition.DB_VERSION),
        Map.of(1, "old blocks, dropped in version 2"), Map.of());
    assertTrue(e.getMessage().contains("reuses retired id 1 (old blocks, dropped in version 2)"), e.getMessage());
  }

  @Test
  void shouldRefuseAVariableThatReusesARetiredId() {
    KvStoreVariable<Long> v = new KvStoreVariable<>(4, "v", Serializers.LONG);
    IllegalArgumentException e = invalid(List.of(SchemaDefinition.METADATA), List.of(SchemaDefinition.DB_VERSION, v),
        Map.of(), Map.of(4, "old"));
    assertTrue(e.getMessage().startsWith("variable 'v' reuses retired id 4"), e.getMessage());
  }

  @Test
  void shouldRequireTheMetadataColumnAndTheVersionVariable() {
    assertTrue(invalid(List.of(A), List.of(SchemaDefinition.DB_VERSION), Map.of(), Map.of()).getMessage()
        .contains("lacks the metadata column (id 0)"));
    assertTrue(invalid(List.of(SchemaDefinition.METADATA), List.of(), Map.of(), Map.of()).getMessage()
        .contains("lacks the db.version variable (id 0)"));
  }

  @Test
  void shouldRefuseNegativeIdsAndBlankNames() {
    assertThrows(IllegalArgumentException.class, () -> new KvStoreColumn<>(-1, "x", Serializers.LONG,
        Serializers.LONG));
    assertThrows(IllegalArgumentException.class, () -> new KvStoreColumn<>(3, " ", Serializers.LONG,
        Serializers.LONG));
    assertThrows(IllegalArgumentException.class, () -> new KvStoreVariable<>(-2, "x", Serializers.LONG));
  }
}
