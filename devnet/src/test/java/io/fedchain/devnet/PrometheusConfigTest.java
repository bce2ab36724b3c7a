package io.fedchain.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {
  @Test
  void checkedInConfigShouldBeWhatTheDefaultManifestGenerates() throws IOException {
    Manifest m = Manifest.read(Monitoring.MODULE.resolve("manifests").resolve("default.yaml"));
    String checkedIn = Files.readString(Monitoring.DIR.resolve("prometheus.yml"));
    assertEquals(Prometheus.config(m), checkedIn,
        "devnet/monitoring/prometheus.yml differs from Prometheus.config(default.yaml): regenerate it");
  }
}
