#!/usr/bin/python3
"""The evsim standard benchmark model (harness/standard_model.h) written in SimPy 3.

A baseline for `evsim bench`: the same model as an idiomatic SimPy program, so the ratio of
deliveries per wall second says how evsim compares with the usual Python way of writing it.

  10 producers publish N/10 messages each, Exp(mean 1 ms) apart, into queue "work" over an
  ordered U(1 ms, 5 ms) connection each; the broker hands messages round-robin to 8 consumers
  that have room under prefetch 10 (zero-latency hop); a consumer processes one message at a
  time, FIFO, for Exp(mean 0.5 ms), then acks over its own ordered U(1 ms, 5 ms) connection. A
  delivery counts when its ack reaches the broker; the run ends when every message is acked.

Times are float milliseconds and the streams are Python's `random`, so the run matches evsim
statistically, not event for event (evsim and bench/bare_loop.cpp do match exactly).

SimPy runs at a few tens of thousands of deliveries per second, so the default is 200000
messages (about five seconds on a small VM), not evsim's 1000000: a rate is what is compared.

Run with Debian's interpreter, which has python3-simpy3:
    /usr/bin/python3 bench/simpy_standard.py [--messages N] [--seed S]
"""

import argparse
import random
import time
from collections import deque

import simpy

PRODUCERS = 10
CONSUMERS = 8
PREFETCH = 10
GAP_MEAN_MS = 1.0
PROCESSING_MEAN_MS = 0.5
HOP_MIN_MS = 1.0
HOP_MAX_MS = 5.0


class Connection:
    """One direction of one client's TCP connection: later sends never overtake earlier ones,
    so arrival = max(now + latency, previous arrival)."""

    def __init__(self, env, rng):
        self.env = env
        self.rng = rng
        self.last_arrival = 0.0

    def send(self, on_arrival, *args):
        arrival = max(self.env.now + self.rng.uniform(HOP_MIN_MS, HOP_MAX_MS), self.last_arrival)
        self.last_arrival = arrival
        # A timeout with a callback rather than a process per message: the hop does nothing but
        # wait. SimPy fires equal-time events in scheduling order, so the connection stays FIFO.
        hop = self.env.timeout(arrival - self.env.now)
        hop.callbacks.append(lambda _event: on_arrival(*args))


class Broker:
    """Queue "work" with round-robin dispatch among consumers under their prefetch limit."""

    def __init__(self, env):
        self.env = env
        self.ready = deque()
        self.consumers = []
        self.next_consumer = 0
        self.acked = 0
        self.all_acked = env.event()
        self.expected = 0

    def accept(self, message):
        self.ready.append(message)
        self.dispatch()

    def ack(self, consumer):
        consumer.unacked -= 1
        self.acked += 1
        if self.acked == self.expected:
            self.all_acked.succeed()
        self.dispatch()

    def dispatch(self):
        n = len(self.consumers)
        while self.ready:
            # Start after the consumer served last, and skip those at their prefetch limit.
            for _ in range(n):
                candidate = self.consumers[self.next_consumer]
                self.next_consumer = (self.next_consumer + 1) % n
                if candidate.unacked < PREFETCH:
                    break
            else:
                return  # everyone is full: the next ack dispatches again
            candidate.unacked += 1
            # The broker->consumer hop has zero latency: straight into the consumer's inbox.
            candidate.inbox.put(self.ready.popleft())


class Consumer:
    def __init__(self, env, broker, rng, ack_rng):
        self.env = env
        self.broker = broker
        self.rng = rng
        self.unacked = 0  # the broker's count of this consumer's unacked deliveries
        self.inbox = simpy.Store(env)  # delivered, not yet processed; FIFO
        self.acks = Connection(env, ack_rng)
        env.process(self.run())

    def run(self):
        while True:
            yield self.inbox.get()
            yield self.env.timeout(self.rng.expovariate(1.0 / PROCESSING_MEAN_MS))
            self.acks.send(self.broker.ack, self)


def producer(env, broker, rng, link_rng, count, ids):
    connection = Connection(env, link_rng)
    for _ in range(count):
        yield env.timeout(rng.expovariate(1.0 / GAP_MEAN_MS))
        connection.send(broker.accept, next(ids))


def run(messages, seed):
    env = simpy.Environment()
    broker = Broker(env)
    count = messages // PRODUCERS
    broker.expected = count * PRODUCERS
    # One stream per entity, as evsim does, so entities do not disturb each other's draws.
    # As in evsim, each link's latency stream is shared by the connections over it.
    publish_link = random.Random(f"{seed}:link:producers->broker")
    ack_link = random.Random(f"{seed}:link:workers->broker")
    ids = iter(range(1, broker.expected + 1))
    for i in range(PRODUCERS):
        rng = random.Random(f"{seed}:producer:{i}")
        env.process(producer(env, broker, rng, publish_link, count, ids))
    for i in range(CONSUMERS):
        rng = random.Random(f"{seed}:consumer:{i}")
        broker.consumers.append(Consumer(env, broker, rng, ack_link))

    started = time.perf_counter()
    # Consumers wait on their inboxes forever, so stop at the last ack, not when events run out.
    if broker.expected > 0:
        env.run(until=broker.all_acked)
    wall = time.perf_counter() - started
    return broker.acked, wall, env.now


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200_000,
                        help="messages to publish, rounded down to a multiple of 10 "
                        "(default 200000: SimPy is slow)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    args = parser.parse_args()
    if args.messages < 0:
        parser.error("--messages must not be negative")

    deliveries, wall, virtual_ms = run(args.messages, args.seed)
    print(f"deliveries={deliveries}")
    print(f"wall_seconds={wall:.3f}")
    print(f"virtual_seconds={virtual_ms / 1000:.3f}")
    print(f"deliveries_per_s={deliveries / wall if wall > 0 else 0:.0f}")


if __name__ == "__main__":
    main()
