package io.fedchain.p2p.noise;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Noise handshake state for {@code Noise_XX_25519_ChaChaPoly_SHA256} with an empty prologue
 * (Noise rev 34, sections 5.3 and 7.5):
 *
 * <pre>
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 *
 * It knows nothing of libp2p: payloads are opaque bytes (see {@link NoiseHandshake} for the signed
 * libp2p payload). Messages are unframed; {@link NoiseFrames} adds the 2-byte length. Any failure
 * while reading a message poisons the state: a handshake cannot resume after bad input.
 */
public final class NoiseXX {
  public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
  public static final int DH_LENGTH = X25519KeyPair.KEY_LENGTH;
  public static final int MAX_MESSAGE_LENGTH = NoiseFrames.MAX_MESSAGE_LENGTH;

  public enum Role { INITIATOR, RESPONDER }

  private enum Token { E, S, EE, ES, SE }

  private static final Token[][] MESSAGES = {
    {Token.E},
    {Token.E, Token.EE, Token.S, Token.ES},
    {Token.S, Token.SE},
  };

  /** The transport CipherStates of one side, handed out once by {@link #split()}. */
  public record TransportCiphers(CipherState send, CipherState receive) {}

  private final Role role;
  private final SymmetricState symmetric = new SymmetricState(PROTOCOL_NAME);
  private final X25519KeyPair staticKey;
  private X25519KeyPair ephemeralKey;
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;
  private int nextMessage;
  private boolean failed;
  private byte[] handshakeHash;
  private TransportCiphers ciphers;
  private boolean splitTaken;

  private NoiseXX(Role role, X25519KeyPair staticKey, X25519KeyPair ephemeralKey) {
    this.role = role;
    this.staticKey = staticKey;
    this.ephemeralKey = ephemeralKey;
    symmetric.mixHash(new byte[0]); // the prologue, empty in libp2p
  }

  public static NoiseXX initiator(X25519KeyPair staticKey) {
    return new NoiseXX(Role.INITIATOR, staticKey, null);
  }

  public static NoiseXX responder(X25519KeyPair staticKey) {
    return new NoiseXX(Role.RESPONDER, staticKey, null);
  }

  /** A handshake with a fixed ephemeral key: for test vectors only, never on a live connection. */
  static NoiseXX withEphemeral(Role role, X25519KeyPair staticKey, X25519KeyPair ephemeralKey) {
    return new NoiseXX(role, staticKey, ephemeralKey);
  }

  public Role role() {
    return role;
  }

  /** Whether the next handshake message is ours to write. */
  public boolean isMyTurn() {
    return !isComplete() && (nextMessage % 2 == 0) == (role == Role.INITIATOR);
  }

  public boolean isComplete() {
    return nextMessage == MESSAGES.length;
  }

  /** The index (1, 2 or 3) of the next message, as the Noise spec numbers them. */
  public int nextMessageNumber() {
    return nextMessage + 1;
  }

  /** Writes the next handshake message carrying {@code payload} (encrypted from message 2 on). */
  public byte[] writeMessage(byte[] payload) {
    checkUsable();
    if (!isMyTurn()) {
      throw new IllegalStateException("message " + nextMessageNumber() + " is the remote side's to write");
    }
    Token[] tokens = MESSAGES[nextMessage];
    int overhead = 0;
    boolean keyed = symmetric.hasKey();
    for (Token t : tokens) {
      overhead += switch (t) {
        case E -> DH_LENGTH;
        case S -> DH_LENGTH + (keyed ? CipherState.TAG_LENGTH : 0);
        default -> {
          keyed = true;
          yield 0;
        }
      };
    }
    overhead += keyed ? CipherState.TAG_LENGTH : 0;
    if (payload.length > MAX_MESSAGE_LENGTH - overhead) {
      throw new IllegalArgumentException("a payload of " + payload.length + " bytes makes handshake message "
          + nextMessageNumber() + " longer than " + MAX_MESSAGE_LENGTH + " bytes");
    }
    byte[] out = new byte[overhead + payload.length];
    failed = true; // cleared only if the whole message is written
    int pos = 0;
    for (Token t : tokens) {
      switch (t) {
        case E -> {
          if (ephemeralKey == null) {
            ephemeralKey = X25519KeyPair.generate();
          }
          byte[] pub = ephemeralKey.publicKey();
          symmetric.mixHash(pub);
          System.arraycopy(pub, 0, out, pos, pub.length);
          pos += pub.length;
        }
        case S -> {
          byte[] sealed = symmetric.encryptAndHash(staticKey.publicKey());
          System.arraycopy(sealed, 0, out, pos, sealed.length);
          pos += sealed.length;
        }
        default -> mixDh(t);
      }
    }
    byte[] sealed = symmetric.encryptAndHash(payload);
    System.arraycopy(sealed, 0, out, pos, sealed.length);
    advance();
    failed = false;
    return out;
  }

  /** Reads the remote side's next handshake message and returns its decrypted payload. */
  public byte[] readMessage(byte[] message) {
    checkUsable();
    if (isMyTurn() || isComplete()) {
      throw new IllegalStateException(isComplete() ? "the handshake is complete"
          : "message " + nextMessageNumber() + " is ours to write");
    }
    if (message.length > MAX_MESSAGE_LENGTH) {
      throw new NoiseException("handshake message " + nextMessageNumber() + " has " + message.length
          + " bytes, more than the Noise limit of " + MAX_MESSAGE_LENGTH);
    }
    failed = true; // cleared only if the whole message is accepted
    int pos = 0;
    for (Token t : MESSAGES[nextMessage]) {
      switch (t) {
        case E -> {
          remoteEphemeral = take(message, pos, DH_LENGTH, "the remote ephemeral key");
          pos += DH_LENGTH;
          symmetric.mixHash(remoteEphemeral);
        }
        case S -> {
          int len = DH_LENGTH + (symmetric.hasKey() ? CipherState.TAG_LENGTH : 0);
          byte[] sealed = take(message, pos, len, "the remote static key");
          pos += len;
          remoteStatic = decrypt(sealed, "the remote static key");
        }
        default -> mixDh(t);
      }
    }
    byte[] sealedPayload = Arrays.copyOfRange(message, pos, message.length);
    if (symmetric.hasKey() && sealedPayload.length < CipherState.TAG_LENGTH) {
      throw new NoiseException("handshake message " + nextMessageNumber() + " has " + message.length
          + " bytes, too short for its payload's authentication tag");
    }
    byte[] payload = decrypt(sealedPayload, "the payload");
    advance();
    failed = false;
    return payload;
  }

  /** The remote static X25519 key, once the message carrying it has been read. */
  public Optional<byte[]> remoteStaticKey() {
    return Optional.ofNullable(remoteStatic).map(byte[]::clone);
  }

  /** The handshake hash {@code h} after the last message: a unique id of this session. */
  public byte[] handshakeHash() {
    if (!isComplete()) {
      throw new IllegalStateException("the handshake hash is final only once the handshake is complete");
    }
    return handshakeHash.clone();
  }

  /** This side's transport CipherStates; available once, so two users cannot share a nonce. */
  public TransportCiphers split() {
    if (!isComplete()) {
      throw new IllegalStateException("split() before the handshake is complete");
    }
    if (splitTaken) {
      throw new IllegalStateException("the transport CipherStates were already taken");
    }
    splitTaken = true;
    return ciphers;
  }

  private void mixDh(Token t) {
    // es and se name the initiator's key first: e.g. es = DH(initiator's e, responder's s).
    boolean initiator = role == Role.INITIATOR;
    byte[] shared = switch (t) {
      case EE -> ephemeralKey.dh(remoteEphemeral);
      case ES -> initiator ? ephemeralKey.dh(remoteStatic) : staticKey.dh(remoteEphemeral);
      case SE -> initiator ? staticKey.dh(remoteEphemeral) : ephemeralKey.dh(remoteStatic);
      default -> throw new IllegalArgumentException("not a DH token: " + t);
    };
    symmetric.mixKey(shared);
    Arrays.fill(shared, (byte) 0);
  }

  private byte[] decrypt(byte[] sealed, String what) {
    try {
      return symmetric.decryptAndHash(sealed);
    } catch (NoiseException e) {
      throw new NoiseException("handshake message " + nextMessageNumber() + ": " + what
          + " failed authentication (tampered message, or not a Noise XX peer)", e);
    }
  }

  private byte[] take(byte[] message, int pos, int len, String what) {
    if (message.length - pos < len) {
      throw new NoiseException("handshake message " + nextMessageNumber() + " has " + message.length
          + " bytes, too short for " + what);
    }
    return Arrays.copyOfRange(message, pos, pos + len);
  }

  private void advance() {
    nextMessage++;
    if (isComplete()) {
      handshakeHash = symmetric.handshakeHash();
      CipherState[] pair = symmetric.split();
      ciphers = role == Role.INITIATOR
          ? new TransportCiphers(pair[0], pair[1])
          : new TransportCiphers(pair[1], pair[0]);
    }
  }

  private void checkUsable() {
    if (failed) {
      throw new IllegalStateException("this handshake already failed and cannot continue");
    }
  }
}
