"""Public reads on each backend, side by side: one server on SQLite, one server on
PostgreSQL, and two servers on one PostgreSQL behind HAProxy (bench/haproxy.cfg), each with the
response cache as the README starts the server (on) and with it off (every read reaches the
database). Run by bench/backends, inside a throwaway PostgreSQL cluster (.ci/postgres).

Each measurement is `wrk -t1 -c64 -d DURATION --latency` over a list of paths (many articles,
so that an uncached run reads the database rather than one row). CPU/req is the user + system
time of every process that serves (the newsroom servers, and PostgreSQL's processes and
HAProxy where they take part) over the measurement, divided by the requests wrk counted.
Prints a Markdown table of the medians of RUNS runs, with each run's req/s beside it.
"""

import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BIN = "target/release/newsroom"
SQLITE = os.environ["BENCH_SQLITE"]
POSTGRES = os.environ["NEWSROOM_POSTGRES_URL"]
DURATION = os.environ.get("DURATION", "10s")
RUNS = int(os.environ.get("RUNS", "3"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))
TICKS = os.sysconf("SC_CLK_TCK")
WORK = tempfile.mkdtemp(prefix="newsroom-backends-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


def wait_ready(base, process=None):
    # Ready, with its search index built (a new index is built at the first start).
    for _ in range(6000):
        if process is not None and process.poll() is not None:
            sys.exit(f"the server at {base} exited")
        try:
            if b'"search":"ready"' in urllib.request.urlopen(f"{base}/readyz", timeout=2).read():
                return
        except Exception:
            pass
        time.sleep(0.1)
    sys.exit(f"{base} is not ready")


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def postgres_pids():
    found = subprocess.run(["pgrep", "-f", "^postgres"], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def start_server(db, port, cache_mib):
    log = open(f"{WORK}/server-{port}.log", "w")
    process = subprocess.Popen(
        [BIN, "serve", "--db", db, "--bind", f"127.0.0.1:{port}", "--response-cache-mib", str(cache_mib)],
        stderr=log,
        stdout=subprocess.DEVNULL,
    )
    wait_ready(f"http://127.0.0.1:{port}", process)
    return process


def start_haproxy(port, a, b):
    environment = dict(
        os.environ,
        NEWSROOM_LISTEN=f"127.0.0.1:{port}",
        NEWSROOM_A=f"127.0.0.1:{a}",
        NEWSROOM_B=f"127.0.0.1:{b}",
    )
    process = subprocess.Popen(["haproxy", "-f", "bench/haproxy.cfg"], env=environment)
    wait_ready(f"http://127.0.0.1:{port}", process)
    return process


def paths(base):
    """Lists of paths for each endpoint, from the served content itself."""
    random.seed(1)
    articles = []
    cursor = None
    while len(articles) < 600:
        page = get(f"{base}/api/v1/articles?limit=100" + (f"&cursor={cursor}" if cursor else ""))
        articles += page["data"]
        cursor = page["page"]["next_cursor"]
        if not cursor:
            break
    picked = random.sample(articles, k=min(len(articles), 500))
    categories = sorted({article["category"]["slug"] for article in articles})
    words = sorted(
        {
            max(article["title"].split(), key=len).strip(".,:;!?«»\"'").lower()
            for article in picked
        }
    )
    return {
        "article": [f"/api/v1/articles/{a['slug']}" for a in picked],
        "category": [f"/api/v1/articles?category={c}&limit=20" for c in categories],
        "related": [f"/api/v1/articles/{a['slug']}/related" for a in picked],
        "headlines": ["/api/v1/headlines"],
        "search": [f"/api/v1/search?q={urllib.parse.quote(w)}" for w in words if len(w) > 2],
    }


def measure(base, endpoint_paths, pids):
    listed = f"{WORK}/paths.txt"
    with open(listed, "w") as out:
        out.write("\n".join(endpoint_paths) + "\n")
    before = cpu_ticks(pids)
    result = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", "bench/wrk/paths.lua", base],
        env=dict(os.environ, PATHS=listed, METHOD="GET"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    used = (cpu_ticks(pids) - before) / TICKS
    requests = int(next(line.split()[0] for line in result.splitlines() if "requests in" in line))
    rps = float(next(line.split()[1] for line in result.splitlines() if line.startswith("Requests/sec")))
    latency = {}
    for line in result.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            value = parts[1]
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
            unit = next(u for u in ("us", "ms", "s") if value.endswith(u))
            latency[parts[0]] = float(value[: -len(unit)]) * scale[unit]
    non2xx = next((int(line.split()[-1]) for line in result.splitlines() if "Non-2xx" in line), 0)
    if non2xx:
        sys.exit(f"{non2xx} answers were not 2xx:\n{result}")
    return {"rps": rps, "p50": latency["50%"], "p99": latency["99%"], "cpu_us": used / requests * 1e6}


def warm(base, endpoint_paths):
    listed = f"{WORK}/warm.txt"
    with open(listed, "w") as out:
        out.write("\n".join(endpoint_paths) + "\n")
    subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", "-d1s", "-s", "bench/wrk/paths.lua", base],
        env=dict(os.environ, PATHS=listed, METHOD="GET"),
        capture_output=True,
        check=True,
    )


def setups(cache_mib):
    """(name, base URL, processes) for each set-up, started and stopped in turn."""
    port = free_port()
    server = start_server(SQLITE, port, cache_mib)
    yield "SQLite, one server", f"http://127.0.0.1:{port}", [server.pid], [server]
    port = free_port()
    server = start_server(POSTGRES, port, cache_mib)
    yield "PostgreSQL, one server", f"http://127.0.0.1:{port}", [server.pid], [server]
    a, b, front = free_port(), free_port(), free_port()
    server_a = start_server(POSTGRES, a, cache_mib)
    server_b = start_server(POSTGRES, b, cache_mib)
    proxy = start_haproxy(front, a, b)
    yield (
        "PostgreSQL, two servers behind HAProxy",
        f"http://127.0.0.1:{front}",
        [server_a.pid, server_b.pid, proxy.pid],
        [server_a, server_b, proxy],
    )


def main():
    rows = {}
    endpoint_paths = None
    for run in range(RUNS):
        for cache_mib, cache in ((32, "on"), (0, "off")):
            for name, base, pids, processes in setups(cache_mib):
                try:
                    if endpoint_paths is None:
                        endpoint_paths = paths(base)
                    # Warm: every pooled connection open, the database's pages in memory.
                    for listed in endpoint_paths.values():
                        warm(base, listed)
                    with_db = pids + (postgres_pids() if "PostgreSQL" in name else [])
                    for endpoint, listed in endpoint_paths.items():
                        figures = measure(base, listed, with_db)
                        rows.setdefault((name, cache, endpoint), []).append(figures)
                        print(f"run {run + 1}: {name}, cache {cache}, {endpoint}: {figures}", file=sys.stderr)
                finally:
                    for process in processes:
                        process.terminate()
                    for process in processes:
                        process.wait()
    print(f"| set-up | response cache | endpoint | req/s | p50 ms | p99 ms | CPU/req µs | req/s of the runs |")
    print("|---|---|---|---|---|---|---|---|")
    for (name, cache, endpoint), runs in rows.items():
        median = lambda key: statistics.median(run[key] for run in runs)
        each = ", ".join(f"{run['rps']:,.0f}" for run in runs)
        print(
            f"| {name} | {cache} | {endpoint} | {median('rps'):,.0f} | {median('p50'):.2f} | "
            f"{median('p99'):.2f} | {median('cpu_us'):.0f} | {each} |"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        # The servers' access logs run to hundreds of megabytes a run.
        shutil.rmtree(WORK, ignore_errors=True)
