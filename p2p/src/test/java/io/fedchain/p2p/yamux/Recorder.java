package io.fedchain.p2p.yamux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session listener that gives each inbound stream a {@link Collector} and records session events.
 */
final class Recorder implements SessionListener {
  final List<YamuxStream> inbound = new ArrayList<>();
  final Map<Integer, Collector> collectors = new HashMap<>();
  final List<GoAwayCode> goAways = new ArrayList<>();
  final List<Optional<YamuxException>> closes = new ArrayList<>();
  boolean autoConsume = true;
  boolean setHandlers = true;
  Runnable onEachData = () -> {};

  @Override
  public void onInboundStream(YamuxStream stream) {
    inbound.add(stream);
    stream.setAutoConsume(autoConsume);
    if (setHandlers) {
      stream.setHandler(collector(stream));
    }
  }

  @Override
  public void onRemoteGoAway(GoAwayCode code) {
    goAways.add(code);
  }

  @Override
  public void onClosed(Optional<YamuxException> error) {
    closes.add(error);
  }

  Collector collector(YamuxStream stream) {
    return collectors.computeIfAbsent(stream.id(), id -> {
      Collector c = new Collector();
      c.onEachData = onEachData;
      return c;
    });
  }

  YamuxException closeError() {
    if (closes.size() != 1 || closes.get(0).isEmpty()) {
      throw new AssertionError("expected one close with an error, got " + closes);
    }
    return closes.get(0).get();
  }
}
