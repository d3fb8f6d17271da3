"""python-gitlab side of the benchmarks: runs one measure and prints its own timing as JSON.

usage: bench_gitlab.py URL TOKEN get ROUNDS PER_ROUND WARMUP
       bench_gitlab.py URL TOKEN list QUERY_JSON TRIALS
"""

import json
import sys
import time

import gitlab


def main() -> None:
    url, token, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    gl = gitlab.Gitlab(url, private_token=token)
    if mode == "get":
        rounds, per_round, warmup = (int(a) for a in sys.argv[4:7])
        for _ in range(warmup):
            gl.http_get("/projects/1")
        round_us, round_cpu_us = [], []
        for _ in range(rounds):
            start, cpu_start = time.perf_counter(), time.process_time()
            for _ in range(per_round):
                gl.http_get("/projects/1")
            round_us.append((time.perf_counter() - start) * 1e6 / per_round)
            round_cpu_us.append((time.process_time() - cpu_start) * 1e6 / per_round)
        print(json.dumps({"roundUs": round_us, "roundCpuUs": round_cpu_us, "version": gitlab.__version__}))
    elif mode == "list":
        query, trials = json.loads(sys.argv[4]), int(sys.argv[5])
        times_ms = []
        count = 0
        for _ in range(trials):
            start = time.perf_counter()
            count = sum(1 for _ in gl.http_list("/projects", iterator=True, query_data=query))
            times_ms.append((time.perf_counter() - start) * 1e3)
        print(json.dumps({"timesMs": times_ms, "items": count, "version": gitlab.__version__}))
    else:
        raise SystemExit(f"unknown mode {mode}")


main()
