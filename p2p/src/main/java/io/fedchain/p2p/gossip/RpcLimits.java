package io.fedchain.p2p.gossip;

/**
 * What the decoder accepts from a peer before it gives up on an RPC. Every count is per RPC;
 * exceeding one makes the whole RPC malformed (the router penalises the sender), rather than
 * silently truncating it.
 *
 * @param maxRpcSize bytes of one RPC, without its length prefix
 * @param maxSubscriptions SubOpts entries
 * @param maxMessages published messages
 * @param maxMessageIds message ids summed over all IHAVE and IWANT entries
 * @param maxControlEntries IHAVE + IWANT + GRAFT + PRUNE entries
 * @param maxPrunePeers PX peers in one PRUNE
 * @param maxTopicLength bytes of a topic string (UTF-8)
 * @param maxMessageIdLength bytes of one message id
 */
public record RpcLimits(int maxRpcSize, int maxSubscriptions, int maxMessages, int maxMessageIds,
    int maxControlEntries, int maxPrunePeers, int maxTopicLength, int maxMessageIdLength) {

  public RpcLimits {
    if (maxRpcSize <= 0 || maxSubscriptions < 0 || maxMessages < 0 || maxMessageIds < 0 || maxControlEntries < 0
        || maxPrunePeers < 0 || maxTopicLength <= 0 || maxMessageIdLength <= 0) {
      throw new IllegalArgumentException("RPC limits must be positive: " + this);
    }
  }
}
