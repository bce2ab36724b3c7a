package io.fedchain.p2p.noise;

/**
 * The user event {@link NoiseHandler} fires once the remote peer is authenticated; handlers after
 * it may start the next protocol (multistream-select for the muxer). The session's cipher states
 * belong to the handler: read the peer ids and key, never encrypt or decrypt with them.
 */
public record NoiseHandshakeComplete(SecureSession session) {}
