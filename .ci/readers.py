"""Feeds and sitemaps read by the tools feed readers and crawlers are built on.

Every locale's RSS and Atom feeds (and a category's) through feedparser, which must read each
without complaint (`bozo`) and find in both the same entries, whole, as the JSON Feed holds
(feedparser's releases read no JSON Feed; it is compared as JSON); then the
sitemaps through ultimate-sitemap-parser, from robots.txt down through the index to every
page, its alternates in the other locales and its news data.

Usage: NEWSROOM_EDITOR_KEY=... python readers.py BASE_URL

With an editor's key, it first publishes an article whose title holds what XML escapes
(`&`, `<`, `]]>`), emoji and right-to-left text, so that the news sitemap has an entry and the
readers meet that title too.
"""

import os

import json
import sys
import urllib.request

import feedparser
from usp.objects.sitemap import InvalidSitemap
from usp.tree import sitemap_tree_for_homepage


def get_json(url):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAILED: {message}")


HOSTILE_TITLE = "Oil & gas <b>up</b> ]]> \U0001F6E2\uFE0F\U0001F1FA\U0001F1FF \u0627\u0644\u0646\u0641\u0637 \u202Ereversed"


def publish_hostile_article(base, key):
    category = get_json(f"{base}/api/v1/categories")["data"][0]["id"]
    body = json.dumps({
        "category": category,
        "status": "published",
        "original_locale": "en",
        "translations": {"en": {"title": HOSTILE_TITLE, "body": "Prices <rose> & fell ]]> again."}},
    }).encode()
    request = urllib.request.Request(f"{base}/api/v1/articles", data=body, method="POST", headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        check(response.status == 201, f"the article is published: {response.status}")


def read_feed(url, version):
    parsed = feedparser.parse(url)
    check(not parsed.bozo, f"{url}: feedparser: {parsed.get('bozo_exception')}")
    check(parsed.version == version, f"{url}: read as {parsed.version!r}, not {version!r}")
    check(parsed.status == 200, f"{url}: status {parsed.status}")
    return parsed


def check_feeds(base):
    locales = [locale["code"] for locale in get_json(f"{base}/api/v1/locales")["data"]]
    category = get_json(f"{base}/api/v1/categories")["data"][0]["slug"]
    checked = 0
    for locale in locales:
        for query in ["", f"?category={category}"]:
            root = f"{base}/api/v1/feeds/{locale}"
            rss = read_feed(f"{root}/rss.xml{query}", "rss20")
            atom = read_feed(f"{root}/atom.xml{query}", "atom10")
            jsonfeed = get_json(f"{root}/feed.json{query}")
            check(jsonfeed["version"] == "https://jsonfeed.org/version/1.1", "JSON Feed 1.1")
            check(len(rss.entries) > 0 or query, f"{root}/rss.xml{query} has entries")
            check(len(rss.entries) == len(atom.entries) == len(jsonfeed["items"]),
                  f"{root}{query}: the three formats hold as many entries")
            check(rss.feed.get("language") == locale, f"{root}/rss.xml: language {locale}")
            for a, b, c in zip(rss.entries, atom.entries, jsonfeed["items"]):
                for entry in (a, b):
                    check(entry.title == c["title"], f"{locale}: one title in all formats: {entry.title!r}")
                    check(entry.link == c["url"], f"{locale}: one link in all formats: {entry.link}")
                    check(entry.id == c["id"], f"{locale}: one id in all formats: {entry.id}")
                check(a.published_parsed == b.published_parsed, f"{locale}: one publication date")
                check(a.content[0].value.strip() == b.content[0].value.strip(),
                      f"{locale}: RSS content:encoded and Atom content agree")
                check(a.tags[0].term and b.tags[0].label == a.tags[0].term,
                      f"{locale}: the category in both")
                check(a.get("summary"), f"{locale}: a summary")
                checked += 1
    print(f"feedparser read {checked} entries of {len(locales) * 2} feeds, each alike in RSS, Atom and JSON Feed")


def check_sitemaps(base):
    tree = sitemap_tree_for_homepage(base, use_known_paths=False)
    sitemaps = list(tree.all_sitemaps())
    invalid = [sitemap for sitemap in sitemaps if isinstance(sitemap, InvalidSitemap)]
    check(not invalid, f"ultimate-sitemap-parser could not read: {invalid}")
    urls = [sitemap.url for sitemap in sitemaps]
    check(any(url.endswith("/sitemap.xml") for url in urls), f"the index is found from robots.txt: {urls}")
    check(any("/sitemaps/articles/" in url for url in urls), "the months' sitemaps are listed")
    pages = list(tree.all_pages())
    check(pages, "pages are listed")
    locales = {locale["code"] for locale in get_json(f"{base}/api/v1/locales")["data"]}
    by_url = {}
    news = 0
    for page in pages:
        check(page.alternates, f"{page.url} lists its alternates")
        hreflangs = {lang for lang, _ in page.alternates}
        check("x-default" in hreflangs, f"{page.url}: x-default")
        check(hreflangs - {"x-default"} <= locales, f"{page.url}: hreflang in {locales}: {hreflangs}")
        check(any(href == page.url for _, href in page.alternates), f"{page.url} lists itself")
        by_url.setdefault(page.url, []).append(page)
        if page.news_story:
            news += 1
            story = page.news_story
            check(story.title and story.publication_name and story.publish_date,
                  f"{page.url}: news title, publication and date")
            check(story.publication_language in {code.split("-")[0] for code in locales},
                  f"{page.url}: news language {story.publication_language}")
    # Reciprocal: each alternate is listed, and lists the same alternates.
    for page in pages:
        for lang, href in page.alternates:
            if lang == "x-default":
                continue
            check(href in by_url, f"{page.url}: its {lang} alternate {href} is listed")
            check(set(by_url[href][0].alternates) == set(page.alternates),
                  f"{page.url} and {href} list the same alternates")
    titles = {page.news_story.title for page in pages if page.news_story}
    print(f"ultimate-sitemap-parser read {len(sitemaps)} sitemaps from robots.txt down: "
          f"{len(by_url)} pages with reciprocal alternates, {news} with news data")
    return titles


if __name__ == "__main__":
    base_url = sys.argv[1].rstrip("/")
    editor_key = os.environ.get("NEWSROOM_EDITOR_KEY")
    if editor_key:
        publish_hostile_article(base_url, editor_key)
    check_feeds(base_url)
    news_titles = check_sitemaps(base_url)
    if editor_key:
        check(HOSTILE_TITLE in news_titles, f"the news sitemap holds the new title whole: {news_titles}")
        latest = read_feed(f"{base_url}/api/v1/feeds/en/rss.xml", "rss20").entries[0]
        check(latest.title == HOSTILE_TITLE, f"the RSS feed holds the new title whole: {latest.title!r}")
