"""python-gitlab side of the benchmarks: runs one measure and prints its own timing as JSON.

usage: bench_gitlab.py URL TOKEN get ROUNDS PER_ROUND WARMUP
       bench_gitlab.py URL TOKEN list QUERY_JSON TRIALS
       bench_gitlab.py URL TOKEN bulk FIRST_ID COUNT THREADS PERIOD_MS
"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import gitlab
import requests


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
    elif mode == "bulk":
        first_id, count, threads, period_ms = (int(a) for a in sys.argv[4:8])
        # One connection per thread, as 20 threads sharing a session would otherwise queue on 10.
        adapter = requests.adapters.HTTPAdapter(pool_connections=threads, pool_maxsize=threads)
        gl.session.mount("http://", adapter)
        # Start 20 ms into a window, like the other clients.
        phase = (time.time() * 1000) % period_ms
        time.sleep(((period_ms + 20 - phase) % period_ms) / 1000)
        errors = []

        def get(project_id):
            try:
                gl.http_get(f"/projects/{project_id}")
                return True
            except Exception as error:  # noqa: BLE001 - counted and reported, not hidden
                if len(errors) < 3:
                    errors.append(str(error))
                return False

        started = time.time()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            results = list(pool.map(get, range(first_id, first_id + count)))
        ended = time.time()
        print(json.dumps({
            "startedAt": started * 1000,
            "endedAt": ended * 1000,
            "finished": sum(results),
            "failed": len(results) - sum(results),
            "errors": errors,
        }))
    else:
        raise SystemExit(f"unknown mode {mode}")


main()
