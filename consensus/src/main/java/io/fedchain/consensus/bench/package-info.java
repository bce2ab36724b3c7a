/**
 * A consensus benchmark: validators running the real engine, signatures and FL application (block
 * execution, the scoring judge on model updates) on one thread over an in-memory network without
 * delay, so that what is measured is the CPU cost of consensus and of the checks, not a network.
 */
package io.fedchain.consensus.bench;
