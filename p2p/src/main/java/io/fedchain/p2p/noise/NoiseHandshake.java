package io.fedchain.p2p.noise;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.identity.PublicKey;
import io.fedchain.p2p.proto.ProtoException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The libp2p Noise handshake (secure channel {@code /noise}) without I/O: {@link NoiseXX} plus the
 * signed identity payload. The responder sends its payload in message 2, the initiator in
 * message 3; each side checks that the remote identity key signed the remote Noise static key,
 * and a dialer that expected a peer id checks the key derives it.
 *
 * <p>Each handshake uses a fresh static X25519 key, which the spec allows: the identity signature,
 * not the static key, authenticates the peer, and nothing long-lived needs protecting.
 *
 * <p>Use: while not {@link #isComplete()}, send {@link #writeMessage()} when {@link #isMyTurn()},
 * otherwise pass the next received message to {@link #readMessage(byte[])}; then take
 * {@link #session()}. Any error is a {@link NoiseException} and ends the handshake.
 */
public final class NoiseHandshake {
  static final byte[] STATIC_KEY_SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  private final Identity identity;
  private final Optional<PeerId> expectedRemote;
  private final NoiseXX noise;
  private final byte[] localPayload;
  private PublicKey remoteKey;
  private boolean failed;
  private boolean sessionTaken;

  private NoiseHandshake(Identity identity, Optional<PeerId> expectedRemote, NoiseXX noise, X25519KeyPair staticKey) {
    this.identity = identity;
    this.expectedRemote = expectedRemote;
    this.noise = noise;
    byte[] sig = identity.sign(signedData(staticKey.publicKey()));
    // No extensions: stream_muxers would make both sides skip multistream-select for the muxer.
    this.localPayload = new NoiseHandshakePayload(identity.publicKey(), sig, NoiseExtensions.NONE).encode();
  }

  /** A dialer's handshake; with {@code expectedRemote} present, any other peer is refused. */
  public static NoiseHandshake initiator(Identity identity, Optional<PeerId> expectedRemote) {
    X25519KeyPair s = X25519KeyPair.generate();
    return new NoiseHandshake(identity, expectedRemote, NoiseXX.initiator(s), s);
  }

  public static NoiseHandshake responder(Identity identity) {
    X25519KeyPair s = X25519KeyPair.generate();
    return new NoiseHandshake(identity, Optional.empty(), NoiseXX.responder(s), s);
  }

  /** A handshake with fixed Noise keys: for test vectors and seeded tests only. */
  static NoiseHandshake withKeys(NoiseXX.Role role, Identity identity, Optional<PeerId> expectedRemote,
      X25519KeyPair staticKey, X25519KeyPair ephemeralKey) {
    return new NoiseHandshake(identity, expectedRemote, NoiseXX.withEphemeral(role, staticKey, ephemeralKey), staticKey);
  }

  /** The bytes an identity key signs to vouch for a Noise static key. */
  static byte[] signedData(byte[] staticPublicKey) {
    byte[] out = new byte[STATIC_KEY_SIGNATURE_PREFIX.length + staticPublicKey.length];
    System.arraycopy(STATIC_KEY_SIGNATURE_PREFIX, 0, out, 0, STATIC_KEY_SIGNATURE_PREFIX.length);
    System.arraycopy(staticPublicKey, 0, out, STATIC_KEY_SIGNATURE_PREFIX.length, staticPublicKey.length);
    return out;
  }

  public NoiseXX.Role role() {
    return noise.role();
  }

  public boolean isMyTurn() {
    return !failed && noise.isMyTurn();
  }

  public boolean isComplete() {
    return !failed && noise.isComplete();
  }

  /** The handshake message (1, 2 or 3) to be written or read next. */
  public int nextMessageNumber() {
    return noise.nextMessageNumber();
  }

  /** The next handshake message, unframed. */
  public byte[] writeMessage() {
    checkUsable();
    byte[] payload = noise.nextMessageNumber() == 1 ? new byte[0] : localPayload;
    return run(() -> noise.writeMessage(payload));
  }

  /** Reads the remote side's next handshake message (unframed) and checks its identity payload. */
  public void readMessage(byte[] message) {
    checkUsable();
    int number = noise.nextMessageNumber();
    run(() -> {
      byte[] payload = noise.readMessage(message);
      // Message 1 may carry only a plaintext payload, which libp2p never sends: ignored.
      if (number > 1) {
        remoteKey = verify(payload);
      }
      return null;
    });
  }

  /** The authenticated session; available once, after the last message. */
  public SecureSession session() {
    checkUsable();
    if (!noise.isComplete()) {
      throw new IllegalStateException("the handshake is not complete (next message: " + noise.nextMessageNumber() + ")");
    }
    if (sessionTaken) {
      throw new IllegalStateException("the session was already taken");
    }
    sessionTaken = true;
    NoiseXX.TransportCiphers c = noise.split();
    return new SecureSession(identity.peerId(), remoteKey.peerId(), remoteKey, c.send(), c.receive());
  }

  private PublicKey verify(byte[] payloadBytes) {
    String who = noise.role() == NoiseXX.Role.INITIATOR ? "the responder" : "the initiator";
    NoiseHandshakePayload payload;
    try {
      payload = NoiseHandshakePayload.decode(payloadBytes);
    } catch (ProtoException e) {
      throw new NoiseException(who + "'s handshake payload is invalid: " + e.getMessage(), e);
    }
    byte[] remoteStatic = noise.remoteStaticKey().orElseThrow();
    PeerId claimed = payload.identityKey().peerId();
    if (!payload.identityKey().verify(signedData(remoteStatic), payload.identitySig())) {
      throw new NoiseException(who + " claims to be " + claimed
          + " but its identity_sig does not sign the Noise static key it used; refusing the connection");
    }
    if (expectedRemote.isPresent() && !expectedRemote.get().equals(claimed)) {
      throw new NoiseException("dialed " + expectedRemote.get() + " but the remote side authenticated as " + claimed
          + "; check the peer id in the address");
    }
    return payload.identityKey();
  }

  private <T> T run(Supplier<T> step) {
    failed = true; // cleared only if the step succeeds
    T result = step.get();
    failed = false;
    return result;
  }

  private void checkUsable() {
    if (failed) {
      throw new IllegalStateException("this handshake already failed and cannot continue");
    }
  }
}
