package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.HashMap;
import java.util.Map;

/** Counts every metrics event, so tests can assert on them. */
final class RecordingMetrics implements GossipMetrics {
  final Map<String, Integer> counts = new HashMap<>();
  final Map<String, Integer> meshSizes = new HashMap<>();
  long bytesIn;
  long bytesOut;

  int count(String event) {
    return counts.getOrDefault(event, 0);
  }

  private void inc(String event) {
    counts.merge(event, 1, Integer::sum);
  }

  @Override
  public void messageReceived(String topic) {
    inc("received");
  }

  @Override
  public void messageDelivered(String topic) {
    inc("delivered");
  }

  @Override
  public void duplicateMessage(String topic) {
    inc("duplicate");
  }

  @Override
  public void invalidMessage(String topic, String reason) {
    inc("invalid");
  }

  @Override
  public void ignoredMessage(String topic) {
    inc("ignored");
  }

  @Override
  public void malformedRpc(PeerId peer, String reason) {
    inc("malformed");
  }

  @Override
  public void graylistedRpc(PeerId peer) {
    inc("graylisted");
  }

  @Override
  public void meshSize(String topic, int size) {
    meshSizes.put(topic, size);
  }

  @Override
  public void bytesIn(int bytes) {
    bytesIn += bytes;
  }

  @Override
  public void bytesOut(int bytes) {
    bytesOut += bytes;
  }
}
