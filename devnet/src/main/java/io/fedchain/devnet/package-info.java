/**
 * The local devnet: manifests, a launcher of node processes, perturbations, invariant checks and the
 * monitoring configuration. Built under its own issue.
 */
package io.fedchain.devnet;
