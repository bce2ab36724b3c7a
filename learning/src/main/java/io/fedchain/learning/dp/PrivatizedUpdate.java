package io.fedchain.learning.dp;

import io.fedchain.learning.train.LocalUpdate;

/**
 * A clipped and noised update with the norm its delta had before clipping, so a client can report
 * how often clipping bit (a clip norm far below typical norms wastes signal; far above, adds noise
 * for nothing). The pre-clip norm is the client's own diagnostic: it depends on the private data
 * and is not covered by the noise, so it must not be shared as it is.
 */
public record PrivatizedUpdate(LocalUpdate update, double preClipNorm, double clipNorm) {
  public boolean clipped() {
    return preClipNorm > clipNorm;
  }
}
