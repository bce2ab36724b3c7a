/**
 * Attack simulators for experiments: what a byzantine member could send instead of an honest
 * update. Data poisoning changes what the attacker trains on; model poisoning changes the delta it
 * sends. They exist to measure defences (the validation filter, robust aggregators), never to run
 * on a real node.
 */
package io.fedchain.learning.attack;
