package io.fedchain.storage;

/** One key and its value, as a column stream yields them. */
public record ColumnEntry<K, V>(K key, V value) {}
