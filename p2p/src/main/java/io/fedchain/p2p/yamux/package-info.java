/**
 * yamux, the libp2p stream multiplexer ({@code /yamux/1.0.0}, hashicorp's spec.md as copied into
 * libp2p/specs yamux/README.md): many flow-controlled streams over one secured connection.
 *
 * <p>{@link io.fedchain.p2p.yamux.YamuxSession} is the whole protocol as a state machine fed with
 * bytes and writing bytes to a {@link io.fedchain.p2p.yamux.FrameSink}, so it is tested without
 * sockets; {@link io.fedchain.p2p.yamux.YamuxHandler} puts it on a Netty channel after the secure
 * channel layer.
 */
package io.fedchain.p2p.yamux;
