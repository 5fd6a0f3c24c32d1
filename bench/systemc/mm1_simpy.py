"""M/M/1 queue in SimPy 2.3 (Debian's python3-simpy, old API), the same model as the SystemC and
ykt benchmarks: Poisson arrivals at rate rho, exponential service with mean 1, FIFO, one server.
Run with Debian's /usr/bin/python3. Prints one JSON line: customers, wall seconds, mean wait."""
import json
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate


class Customer(Process):
    def visit(self, server, stats):
        arrive = now()
        yield request, self, server
        stats["wait"] += now() - arrive
        stats["served"] += 1
        yield hold, self, random.expovariate(1.0)
        yield release, self, server


class Source(Process):
    def generate(self, n, rho, server, stats):
        for _ in range(n):
            c = Customer()
            activate(c, c.visit(server, stats))
            yield hold, self, random.expovariate(rho)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    rho = float(sys.argv[2]) if len(sys.argv) > 2 else 0.9
    random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    initialize()
    server = Resource(capacity=1)
    stats = {"wait": 0.0, "served": 0}
    src = Source()
    activate(src, src.generate(n, rho, server, stats))
    t0 = time.perf_counter()
    simulate(until=1e12)
    wall = time.perf_counter() - t0
    print(json.dumps({"customers": stats["served"], "wall_s": wall,
                      "mean_wait": stats["wait"] / max(1, stats["served"])}))


if __name__ == "__main__":
    main()
