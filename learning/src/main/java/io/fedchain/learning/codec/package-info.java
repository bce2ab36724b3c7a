/**
 * Codecs for the model deltas that trainers put in update transactions: {@code float32}
 * (lossless), {@code int8} (a scale per chunk, a byte per element) and {@code topk} (the largest
 * magnitudes with their indices), and {@link io.fedchain.learning.codec.ErrorFeedback}, which
 * carries what a lossy codec dropped into the client's next round.
 *
 * <p>Every validator decodes every delta it scores or re-executes, so decoding is
 * consensus-critical: plain Java, one thread, a fixed order, no fused multiply-add.
 *
 * <p>The format is self-describing: a 1-byte codec tag, the u32 element count, then the codec's
 * body, all integers little-endian; each codec's class documents its body. Each finite delta has
 * exactly one encoding, so its hash names it: a decoder accepts only bytes its encoder would
 * write and throws {@link io.fedchain.learning.codec.CodecException} for anything else. Lengths
 * are checked before anything is allocated from a header value, so hostile bytes cost a node no
 * more than reading them.
 */
package io.fedchain.learning.codec;
