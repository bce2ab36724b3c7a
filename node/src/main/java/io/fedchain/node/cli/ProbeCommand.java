package io.fedchain.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedchain.p2p.P2PNetwork;
import io.fedchain.p2p.gossip.GossipConfig;
import io.fedchain.p2p.gossip.GossipMessage;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.gossip.PublishResult;
import io.fedchain.p2p.gossip.SignaturePolicy;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.gossip.ValidationResult;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.host.P2PMetrics;
import io.fedchain.p2p.host.PeerInfo;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain p2p probe}: a bare gossipsub node for people and interop checks. One JSON object
 * per line on stdout (ready, connect, disconnect, identify, subscribed, message, published, error);
 * each stdin line is published to the publish topic once a peer subscribes to it. Logs go to stderr.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a bare libp2p gossipsub node: prints JSON events on stdout, publishes stdin lines."})
final class ProbeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Option(names = "--listen", defaultValue = "/ip4/127.0.0.1/tcp/0", converter = MultiaddrConverter.class,
      description = "Listen address (default: ${DEFAULT-VALUE}).")
  Multiaddr listen;

  @Option(names = "--key", description = "Ed25519 seed, 32 bytes in hex (default: a random key).")
  Optional<String> key;

  @Option(names = "--dial", converter = MultiaddrConverter.class, description = "Peer to dial (repeatable).")
  List<Multiaddr> dial = new ArrayList<>();

  @Option(names = "--topic", description = "Topic to subscribe to (repeatable).")
  List<String> topics = new ArrayList<>();

  @Option(names = "--publish-topic", description = "Topic stdin lines go to (default: the first --topic).")
  Optional<String> publishTopic;

  @Option(names = "--no-sign", description = "StrictNoSign instead of StrictSign.")
  boolean noSign;

  @Option(names = "--lifetime", description = "Exit after this many seconds.")
  Optional<Integer> lifetime;

  @Option(names = "--exit-on-eof", description = "Exit when stdin ends.")
  boolean exitOnEof;

  static final class MultiaddrConverter implements ITypeConverter<Multiaddr> {
    @Override
    public Multiaddr convert(String value) {
      try {
        return Multiaddr.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  private PrintWriter out;

  private synchronized void emit(ObjectNode event) {
    out.println(event.toString());
    out.flush();
  }

  private ObjectNode event(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Identity identity = key.map(k -> {
      try {
        return Identity.fromSeed(HexFormat.of().parseHex(k));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "Invalid value for option '--key': " + e.getMessage() + " (expected 64 hex digits)");
      }
    }).orElseGet(Identity::random);
    HostConfig hostConfig = HostConfig.defaults(identity).withListen(List.of(listen));
    P2PNetwork.Config cfg = P2PNetwork.Config.defaults(hostConfig);
    if (noSign) {
      cfg = cfg.withGossip(GossipConfig.defaults().toBuilder().signaturePolicy(SignaturePolicy.STRICT_NO_SIGN).build());
    }
    try (P2PNetwork net = new P2PNetwork(cfg, P2PMetrics.NOOP, GossipMetrics.NOOP)) {
      net.addPeerListener(new P2PNetwork.PeerListener() {
        @Override
        public void connected(PeerId peer) {
          emit(event("connect").put("peer", peer.toBase58()));
        }

        @Override
        public void disconnected(PeerId peer) {
          emit(event("disconnect").put("peer", peer.toBase58()));
        }

        @Override
        public void identified(PeerId peer, PeerInfo info) {
          ObjectNode e = event("identify").put("peer", peer.toBase58()).put("agentVersion", info.agentVersion());
          info.protocols().forEach(e.putArray("protocols")::add);
          emit(e);
        }
      });
      for (String topic : topics) {
        net.subscribe(topic, new TopicHandler() {
          @Override
          public ValidationResult validate(GossipMessage m) {
            return ValidationResult.accept();
          }

          @Override
          public void deliver(GossipMessage m) {
            ObjectNode e = event("message").put("topic", m.topic());
            e.put("from", m.author().map(PeerId::toBase58).orElse(null));
            e.put("dataHex", HexFormat.of().formatHex(m.data()));
            emit(e);
          }
        }).get(5, TimeUnit.SECONDS);
      }
      net.start();
      ObjectNode ready = event("ready").put("peerId", net.peerId().toBase58());
      net.listenAddrs().forEach(a -> ready.withArray("listenAddrs").add(a.toString()));
      emit(ready);
      for (Multiaddr a : dial) {
        net.dial(a).exceptionally(e -> {
          emit(event("error").put("message", "dial " + a + ": " + rootMessage(e)));
          return null;
        });
      }
      CountDownLatch exit = new CountDownLatch(1);
      Optional<String> target = publishTopic.or(() -> topics.stream().findFirst());
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            if (target.isEmpty()) {
              emit(event("error").put("message", "no --topic or --publish-topic to publish to"));
              continue;
            }
            publish(net, target.get(), line);
          }
        } catch (Exception e) {
          emit(event("error").put("message", "stdin: " + e.getMessage()));
        }
        if (exitOnEof) {
          exit.countDown();
        }
      }, "probe-stdin");
      reader.setDaemon(true);
      reader.start();
      if (lifetime.isPresent()) {
        exit.await(lifetime.get(), TimeUnit.SECONDS);
      } else {
        exit.await();
      }
    }
    return 0;
  }

  private void publish(P2PNetwork net, String topic, String line) throws Exception {
    byte[] data = line.getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      boolean subscribed = net.gossip().call(() -> net.gossip().router().peers().stream()
          .anyMatch(p -> net.gossip().router().topicsOf(p).contains(topic))).get(5, TimeUnit.SECONDS);
      if (subscribed) {
        PublishResult r = net.publish(topic, data).get(5, TimeUnit.SECONDS);
        if (r instanceof PublishResult.Failed f) {
          emit(event("error").put("message", "publish: " + f.reason()));
        } else {
          emit(event("published").put("topic", topic).put("bytes", data.length));
        }
        return;
      }
      Thread.sleep(100);
    }
    emit(event("error").put("message", "no peer subscribed to " + topic + " within 10 s"));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
