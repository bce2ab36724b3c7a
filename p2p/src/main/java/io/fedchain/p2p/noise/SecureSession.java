package io.fedchain.p2p.noise;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.identity.PublicKey;

/**
 * A completed libp2p Noise handshake: who we are, whom the remote side proved to be, and the two
 * transport CipherStates. The cipher states are live and not thread-safe: exactly one owner may
 * use them (the {@link NoiseHandler} when the handshake ran on a channel).
 */
public record SecureSession(
    PeerId localPeer, PeerId remotePeer, PublicKey remoteKey, CipherState sendCipher, CipherState receiveCipher) {

  @Override
  public String toString() {
    return "SecureSession(" + localPeer + " <-> " + remotePeer + ")";
  }
}
