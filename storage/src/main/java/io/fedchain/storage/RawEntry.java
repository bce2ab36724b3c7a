package io.fedchain.storage;

/** A stored key and value as bytes. */
record RawEntry(byte[] key, byte[] value) {}
