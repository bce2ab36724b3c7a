/**
 * The libp2p Noise secure channel ({@code /noise}, libp2p/specs {@code noise/README.md}):
 * {@code Noise_XX_25519_ChaChaPoly_SHA256} with an empty prologue, the signed identity payload,
 * and the 2-byte length framing. Interoperable with js-libp2p; the tests replay a handshake that
 * js-libp2p produced with fixed keys.
 *
 * <p>Layers, bottom up, all plain Java: {@link io.fedchain.p2p.noise.CipherState} (ChaCha20-Poly1305
 * from the JDK), {@code SymmetricState} (SHA-256, HKDF over HMAC-SHA256),
 * {@link io.fedchain.p2p.noise.NoiseXX} (the handshake pattern, opaque payloads),
 * {@link io.fedchain.p2p.noise.NoiseHandshake} (the libp2p payload: identity key, signature over
 * {@code "noise-libp2p-static-key:" || static key}, expected peer id) giving a
 * {@link io.fedchain.p2p.noise.SecureSession}, and {@link io.fedchain.p2p.noise.NoiseFrames},
 * {@link io.fedchain.p2p.noise.FrameReader}, {@link io.fedchain.p2p.noise.FrameDecryptor} for the
 * wire. {@link io.fedchain.p2p.noise.NoiseHandler} is the only class that knows Netty: it runs the
 * handshake on a channel and then encrypts and decrypts its bytes.
 *
 * <p>Stream muxer negotiation stays in multistream-select, by decision. The payload may carry
 * {@code NoiseExtensions.stream_muxers}; when both sides send it, both skip multistream-select for
 * the muxer and start it at once ({@code connections/inlined-muxer-negotiation.md}). js-libp2p
 * sends it. If we sent it too but still expected multistream-select, the two sides would disagree
 * on the first bytes after the handshake. So fedchain never sends the extension and ignores it when
 * received: because only one side sends it, both fall back to multistream-select, one code path
 * for every peer. Supporting inlined negotiation later means sending it and honouring it together.
 *
 * <p>Errors caused by the remote side are {@link io.fedchain.p2p.noise.NoiseException}s; they end
 * the connection.
 */
package io.fedchain.p2p.noise;
