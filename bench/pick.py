"""Picks what the benchmark asks for from a newsroom database: public article ids and slugs,
and search words taken from their titles. Reads the SQLite file directly, read-only."""

import random
import sqlite3
import sys
import urllib.parse

database, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(seed)
connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
rows = connection.execute(
    "SELECT a.id, t.slug, t.title, t.locale FROM articles a "
    "JOIN article_translations t ON t.article_id = a.id "
    "WHERE a.status = 'published' AND a.published_at <= strftime('%Y-%m-%d %H:%M:%S', 'now') "
    "ORDER BY a.id, t.locale"
).fetchall()
rows = random.sample(rows, k=min(len(rows), 6000))  # the same picks for the same seed
ids = [row[0] for row in rows]
with open(f"{out}/related.txt", "w") as f:
    for article_id, slug, _, locale in rows[:3000]:
        f.write(f"/api/v1/articles/{slug}/related?limit=6&locale={locale}\n")
with open(f"{out}/articles.txt", "w") as f:
    for article_id, slug, _, locale in rows[:3000]:
        f.write(f"/api/v1/articles/{slug}?locale={locale}\n")
with open(f"{out}/beacons.txt", "w") as f:
    for article_id in ids[:3000]:
        f.write(f"/api/v1/articles/{article_id}/views\n")
with open(f"{out}/search.txt", "w") as f:
    for _, _, title, locale in rows[:3000]:
        words = title.split()
        query = " ".join(random.sample(words, k=min(len(words), random.choice([1, 2]))))
        f.write(f"/api/v1/search?q={urllib.parse.quote(query)}&locale={locale}&limit=20\n")
with open(f"{out}/edits.txt", "w") as f:
    for article_id in ids[3000:3040]:
        f.write(f"{article_id}\n")
