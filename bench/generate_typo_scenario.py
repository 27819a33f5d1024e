#!/usr/bin/env python3
"""Writes a large scenario that is valid except for misspelt queue names.

It measures what `evsim validate` pays for did-you-mean hints when the name tables are large:
N queues with realistic names ("orders.eu-west.q01234"), one binding per queue, consumers
for every queue (spread over services of at most 1,000 consumers each), and TYPOS references
(half in bindings, half in consumers) to names with one slip each: a swapped pair, a dropped,
doubled or changed character. Every misspelt name is guaranteed not to be a declared one, so
`evsim validate` reports exactly TYPOS errors, each with a hint. With --typos 0 the file is
valid. The output depends only on the arguments.

    python3 bench/generate_typo_scenario.py [--queues N] [--typos K] [--seed S] [-o FILE]
"""

import argparse
import json
import random
import sys

DOMAINS = ["orders", "billing", "payments", "shipping", "inventory", "audit", "mail", "users"]
REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-south"]
CONSUMERS_PER_SERVICE = 1000


def queue_name(i):
    domain = DOMAINS[i % len(DOMAINS)]
    region = REGIONS[(i // len(DOMAINS)) % len(REGIONS)]
    return f"{domain}.{region}.q{i:05d}"


def misspell(name, rng):
    """One slip a person makes, away from the digits so the result stays a near miss."""
    letters = [k for k, c in enumerate(name) if c.isalpha() and k + 1 < len(name)]
    k = rng.choice(letters)
    kind = rng.randrange(4)
    if kind == 0:  # swap with the next character
        return name[:k] + name[k + 1] + name[k] + name[k + 2 :]
    if kind == 1:  # drop it
        return name[:k] + name[k + 1 :]
    if kind == 2:  # double it
        return name[:k] + name[k] + name[k:]
    replacement = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != name[k]])
    return name[:k] + replacement + name[k + 1 :]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queues", type=int, default=60000, help="queues to declare")
    parser.add_argument("--typos", type=int, default=100, help="misspelt references")
    parser.add_argument("--seed", type=int, default=1, help="seed of the misspellings")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args()
    if args.queues < 1 or args.typos < 0 or args.typos > args.queues:
        parser.error("need --queues >= 1 and 0 <= --typos <= --queues")

    rng = random.Random(args.seed)
    names = [queue_name(i) for i in range(args.queues)]
    declared = set(names)
    references = list(names)
    for i in rng.sample(range(args.queues), args.typos):
        wrong = misspell(names[i], rng)
        while wrong in declared or wrong == names[i]:
            wrong = misspell(names[i], rng)
        references[i] = wrong
    # Half the typos land in bindings, half in consumers: a typo at an even index is a
    # binding's, at an odd index a consumer's; the other side keeps the right name.
    binding_refs = [ref if i % 2 == 0 else names[i] for i, ref in enumerate(references)]
    consumer_refs = [ref if i % 2 == 1 else names[i] for i, ref in enumerate(references)]

    services = []
    for start in range(0, args.queues, CONSUMERS_PER_SERVICE):
        chunk = consumer_refs[start : start + CONSUMERS_PER_SERVICE]
        services.append(
            {
                "name": f"workers-{start // CONSUMERS_PER_SERVICE:03d}",
                "consumes": [{"queue": q} for q in chunk],
            }
        )
    services.append(
        {
            "name": "api",
            "produces": [{"event": "Tick", "exchange": "events", "routing_key": names[0],
                          "rate": "10/s"}],
        }
    )
    scenario = {
        "name": f"typo-bench-{args.queues}",
        "description": f"{args.queues} queues and {args.typos} misspelt references to them",
        "duration": "1s",
        "broker": {
            "exchanges": [{"name": "events", "type": "direct"}],
            "queues": [{"name": q} for q in names],
            "bindings": [{"exchange": "events", "queue": q, "key": names[i]}
                         for i, q in enumerate(binding_refs)],
        },
        "services": services,
    }
    text = json.dumps(scenario, separators=(",", ":"))
    # One entry per line keeps error locations readable without making the file much larger.
    text = text.replace("},{", "},\n{")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
