"""Times editors' PATCHes of articles' English bodies, each of which recomputes related lists
in its transaction: for each id in a file, one edit that adds a sentence to the body (the
usual edit) and one that replaces it with a short unrelated text (the article leaves every
list it was in), then gives each its body back. Prints the median and worst of each, in
milliseconds, whole requests.

    python3 bench/edits.py HOST PORT KEY IDS_FILE
"""

import http.client
import json
import statistics
import sys
import time

host, port, key, ids_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ids = [line.strip() for line in open(ids_file) if line.strip()]
connection = http.client.HTTPConnection(host, port)
headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def request(method: str, path: str, body=None) -> tuple[int, dict, float]:
    started = time.perf_counter()
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    return response.status, json.loads(payload) if payload else {}, elapsed


def patch(article: str, body: str) -> float:
    status, answer, elapsed = request("PATCH", f"/api/v1/articles/{article}", {"translations": {"en": {"body": body}}})
    if status != 200:
        sys.exit(f"PATCH {article}: {status} {answer}")
    return elapsed


added, replaced = [], []
for n, article in enumerate(ids):
    status, current, _ = request("GET", f"/api/v1/articles/{article}?locale=en&preview=true")
    if status != 200 or current.get("locale") != "en":
        continue
    added.append(patch(article, current["body"] + f"\n\nUpdated: the story was checked again ({n})."))
    replaced.append(patch(article, f"Rewritten for the benchmark, run {n}."))
    # Untimed: the article gets its body back, so that the next run edits a real one too.
    patch(article, current["body"])

for name, times in (("add a sentence", added), ("replace the body", replaced)):
    print(f"edit     {name:<17} median {statistics.median(times):6.1f} ms   max {max(times):6.1f} ms   ({len(times)} PATCHes)")
