"""Mixed load: CONNECTIONS keep-alive connections (64) for DURATION seconds (60), each request a
read (90%: an article by slug, a category page, a related list, a search, the headlines) or a
write (10%: a new article with two translations, or a PATCH of an existing one's body), as
editors and readers at once. Prints one JSON line: requests, their rate, 5xx and other
failures by kind, p50/p99 of reads and of writes, and the server's CPU time a request.

    python3 bench/mixed.py BASE_URL KEY PATHS_DIR SERVER_PID
"""

import asyncio
import json
import os
import random
import sys
import time

BASE, KEY, PATHS, PID = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))
DURATION = float(os.environ.get("DURATION", "60"))
WRITE_SHARE = float(os.environ.get("WRITE_SHARE", "0.1"))
HOST, PORT = BASE.removeprefix("http://").split(":")


def lines(name):
    with open(f"{PATHS}/{name}") as f:
        return [line.strip() for line in f if line.strip()]


READS = lines("articles.txt") + lines("related.txt") + lines("search.txt") + lines("lists.txt")
EDITABLE = lines("ids.txt")
CATEGORY = lines("category.txt")[0]


def cpu_seconds():
    with open(f"/proc/{PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def exchange(reader, writer, method, path, body=None):
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\n"
    if body is not None:
        payload = json.dumps(body).encode()
        head += (
            f"Authorization: Bearer {KEY}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n"
        )
    else:
        payload = b""
    writer.write(head.encode() + b"\r\n" + payload)
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status


async def client(number, stop, results):
    rng = random.Random(number)
    reader, writer = await asyncio.open_connection(HOST, int(PORT))
    n = 0
    while time.monotonic() < stop:
        n += 1
        if rng.random() < WRITE_SHARE:
            kind = "write"
            if rng.random() < 0.5:
                title = f"Mixed load {number}-{n} {rng.random():.6f}"
                method, path, body = "POST", "/api/v1/articles", {
                    "category": CATEGORY, "status": "published", "original_locale": "en",
                    "translations": {
                        "en": {"title": title, "body": f"{title}. Written while readers read."},
                        "ru": {"title": f"{title} (ru)", "body": f"{title}. Текст."},
                    },
                }
            else:
                article = rng.choice(EDITABLE)
                method, path = "PATCH", f"/api/v1/articles/{article}"
                body = {"translations": {"en": {"body": f"Edited under load, {number}-{n}. " * 3}}}
        else:
            kind, method, path, body = "read", "GET", rng.choice(READS), None
        started = time.monotonic()
        try:
            status = await exchange(reader, writer, method, path, body)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            results["failures"][kind] += 1
            writer.close()
            reader, writer = await asyncio.open_connection(HOST, int(PORT))
            continue
        results["latency"][kind].append(time.monotonic() - started)
        results["status"][kind][status] = results["status"][kind].get(status, 0) + 1
    writer.close()


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def main():
    results = {
        "latency": {"read": [], "write": []},
        "status": {"read": {}, "write": {}},
        "failures": {"read": 0, "write": 0},
    }
    cpu_before, started = cpu_seconds(), time.monotonic()
    stop = started + DURATION
    await asyncio.gather(*(client(n, stop, results) for n in range(CONNECTIONS)))
    elapsed, cpu = time.monotonic() - started, cpu_seconds() - cpu_before
    done = sum(len(v) for v in results["latency"].values())
    server_errors = {
        kind: sum(n for status, n in statuses.items() if status >= 500)
        for kind, statuses in results["status"].items()
    }
    report = {
        "connections": CONNECTIONS,
        "seconds": round(elapsed, 1),
        "requests": done,
        "req_per_s": round(done / elapsed),
        "reads": len(results["latency"]["read"]),
        "writes": len(results["latency"]["write"]),
        "writes_per_s": round(len(results["latency"]["write"]) / elapsed, 1),
        "server_errors": server_errors,
        "failures": results["failures"],
        "statuses": {kind: {str(k): v for k, v in sorted(s.items())} for kind, s in results["status"].items()},
        "read_p50_ms": round(percentile(results["latency"]["read"], 0.5) * 1000, 2),
        "read_p99_ms": round(percentile(results["latency"]["read"], 0.99) * 1000, 2),
        "write_p50_ms": round(percentile(results["latency"]["write"], 0.5) * 1000, 2),
        "write_p99_ms": round(percentile(results["latency"]["write"], 0.99) * 1000, 2),
        "cpu_us_per_request": round(cpu / max(done, 1) * 1e6),
    }
    print(json.dumps(report))


asyncio.run(main())
