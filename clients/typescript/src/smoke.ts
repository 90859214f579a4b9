/**
 * Smoke test: builds the demo's news page through the client against a live server
 * (`newsroom serve --demo`), asserting each answer. The server's origin is read from
 * `NEWSROOM_URL` (default `http://127.0.0.1:8080`). Exits with 1 on the first failure.
 */
import {
  createNewsroomClient,
  unwrap,
  unwrapWithResponse,
  type ArticleSummary,
  type FeedAnswers,
  type PartialAnswers,
} from "./client.js";

const baseUrl = process.env["NEWSROOM_URL"] ?? "http://127.0.0.1:8080";
const locale = "ru";
/** The article's English slug: any locale's slug finds it. */
const articleSlug = "deepfakes-and-fake-subscribers-banned-in-kazakhstan";

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function step(name: string, detail: string): void {
  console.log(`ok  ${name.padEnd(10)} ${detail}`);
}

function titles(items: readonly ArticleSummary[]): string {
  return items.map((item) => `"${item.title}"`).join(", ");
}

async function main(): Promise<void> {
  const api = createNewsroomClient(baseUrl, { locale });
  console.log(`newsroom smoke test against ${baseUrl}`);

  // The headline ticker.
  const headlines = await unwrap(api.GET("/api/v1/headlines", { params: { query: { locale } } }));
  const top = headlines.data[0];
  check(top !== undefined, "GET /api/v1/headlines: the ticker is empty");
  check(
    headlines.data.every((item) => item.title !== "" && ["featured", "most_read", "latest"].includes(item.reason)),
    "GET /api/v1/headlines: an item has no title or an unknown reason",
  );
  step("headlines", `${headlines.data.length} items, first "${top.title}" (${top.reason})`);

  // The article, read in Russian by its English slug.
  const { data: article, response } = await unwrapWithResponse(
    api.GET("/api/v1/articles/{article}", {
      params: { path: { article: articleSlug }, query: { locale } },
    }),
  );
  const where = `GET /api/v1/articles/${articleSlug}?locale=${locale}`;
  check(article.locale === locale, `${where}: served in "${article.locale}", not "${locale}"`);
  check(!article.is_fallback, `${where}: served a fallback translation`);
  check(article.title.trim() !== "", `${where}: the title is empty`);
  check(article.body_html.trim() !== "", `${where}: the body is empty`);
  const contentLanguage = response.headers.get("Content-Language");
  check(contentLanguage === locale, `${where}: Content-Language is ${JSON.stringify(contentLanguage)}, not "${locale}"`);
  check(article.category.slug !== "" && article.category.name !== "", `${where}: the category is missing`);
  check(
    typeof article.views === "number" && Number.isInteger(article.views),
    `${where}: views is ${JSON.stringify(article.views)}, not a number`,
  );
  step(
    "article",
    `"${article.title}" [${article.locale}, category "${article.category.name}", ${article.views} views]`,
  );

  // "Similar news".
  const related = await unwrap(
    api.GET("/api/v1/articles/{article}/related", {
      params: { path: { article: article.slug }, query: { locale } },
    }),
  );
  check(related.data.length > 0, `GET /api/v1/articles/${article.slug}/related: no related articles`);
  check(
    related.data.every((item) => item.id !== article.id),
    `GET /api/v1/articles/${article.slug}/related: the article is related to itself`,
  );
  step("related", `${related.data.length} items: ${titles(related.data.slice(0, 3))}${related.data.length > 3 ? ", ..." : ""}`);

  // The view beacon.
  const beacon = await unwrapWithResponse(
    api.POST("/api/v1/articles/{article}/views", { params: { path: { article: article.id } } }),
  );
  check(
    beacon.response.status === 202,
    `POST /api/v1/articles/${article.id}/views: status ${beacon.response.status}, not 202`,
  );
  step("view", `POST /api/v1/articles/${article.id}/views -> ${beacon.response.status}`);

  // The category page: its articles, and the category itself.
  const category = article.category;
  const listing = await unwrap(
    api.GET("/api/v1/articles", { params: { query: { category: category.slug, locale } } }),
  );
  check(listing.data.length > 0, `GET /api/v1/articles?category=${category.slug}: no articles`);
  const stray = listing.data.find((item) => item.category.id !== category.id);
  check(
    stray === undefined,
    `GET /api/v1/articles?category=${category.slug}: "${stray?.title}" is in "${stray?.category.slug}"`,
  );
  const categoryPage = await unwrap(
    api.GET("/api/v1/categories/{category}", {
      params: { path: { category: category.slug }, query: { locale } },
    }),
  );
  check(
    categoryPage.id === category.id && categoryPage.locale === locale && categoryPage.name === category.name,
    `GET /api/v1/categories/${category.slug}?locale=${locale}: got "${categoryPage.name}" [${categoryPage.locale}]`,
  );
  step(
    "category",
    `"${categoryPage.name}" (${categoryPage.slug}): ${listing.data.length} of ${listing.page.total} articles`,
  );

  // Search for the longest word of the title.
  const words = article.title.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  const word = words.reduce((longest, next) => (next.length > longest.length ? next : longest), "");
  check(word !== "", `the title "${article.title}" has no word to search for`);
  const search = await unwrap(api.GET("/api/v1/search", { params: { query: { q: word, locale, limit: 100 } } }));
  const hit = search.data.find((item) => item.id === article.id);
  check(
    hit !== undefined,
    `GET /api/v1/search?q=${word}&locale=${locale}: ${search.data.length} hits, not the article`,
  );
  check(hit.snippet.includes("<mark>"), `GET /api/v1/search?q=${word}: the hit's snippet highlights nothing`);
  step("search", `"${word}": ${search.data.length} hits, the article at #${search.data.indexOf(hit) + 1}`);

  // A phone's list: only the fields it shows, typed as partial.
  const slim = createNewsroomClient<PartialAnswers>(baseUrl, { locale });
  const { data: page, response: slimResponse } = await unwrapWithResponse(
    slim.GET("/api/v1/articles", { params: { query: { fields: "id,title", limit: 5 } } }),
  );
  const first = page.data[0];
  check(first !== undefined && typeof first.title === "string", "GET /api/v1/articles?fields=id,title: no title");
  check(first.excerpt === undefined && first.category === undefined, "GET /api/v1/articles?fields=id,title: more than asked");
  const slimType = slimResponse.headers.get("Content-Type");
  check(
    slimType === "application/vnd.newsroom.partial+json",
    `GET /api/v1/articles?fields=id,title: Content-Type ${JSON.stringify(slimType)}`,
  );
  step("fields", `${page.data.length} items of ${Object.keys(first).join(", ")} (${slimType})`);

  // The page's own words: the catalog in Uzbek Cyrillic, a plural, the time of a related item.
  const catalog = await unwrap(api.GET("/api/v1/messages", { params: { query: { locale: "uz-Cyrl" } } }));
  const similar = catalog.messages["similar_news"];
  check(typeof similar === "string" && similar !== "", "GET /api/v1/messages?locale=uz-Cyrl: no similar_news");
  const hours = await unwrap(
    api.GET("/api/v1/messages/format", { params: { query: { key: "hours_ago", n: 5, locale: "ru" } } }),
  );
  check(hours.text === "5 часов назад", `GET /api/v1/messages/format: "${hours.text}"`);
  const when = related.data[0]?.published_at;
  check(when !== undefined && when !== null, "a related item has no publication time");
  const ago = await unwrap(
    api.GET("/api/v1/messages/relative-time", { params: { query: { at: when, locale: "uz-Cyrl" } } }),
  );
  check(ago.text !== "", "GET /api/v1/messages/relative-time: no text");
  step("words", `"${similar}"; hours_ago n=5 ru "${hours.text}" (${hours.category}); ${when} "${ago.text}"`);

  // The weather line and the rates around the article.
  const weather = await unwrap(api.GET("/api/v1/widgets/weather", { params: { query: { locale, city: "tashkent" } } }));
  check(weather.text.startsWith(weather.city.name), `weather: "${weather.text}"`);
  const rates = await unwrap(api.GET("/api/v1/widgets/rates", { params: { query: { locale } } }));
  check(rates.rates.length > 0, "rates: none");
  step("widgets", `"${weather.text}" (stale: ${weather.freshness.stale}); ${rates.rates.map((r) => `${r.name} ${r.rate}`).join(", ")}`);

  // The feeds: JSON Feed typed, RSS as text, the same first item; the sitemap index.
  const feeds = createNewsroomClient<FeedAnswers>(baseUrl);
  const xml = createNewsroomClient(baseUrl, { accept: "text/xml" });
  const feed = await unwrap(feeds.GET("/api/v1/feeds/{locale}/feed.json", { params: { path: { locale } } }));
  const rss = await unwrap(
    xml.GET("/api/v1/feeds/{locale}/rss.xml", { params: { path: { locale } }, parseAs: "text" }),
  );
  const item = feed.items[0];
  check(item !== undefined && rss.includes(`<guid isPermaLink="false">${item.id}</guid>`), "rss: not the JSON Feed's first item");
  const index = await unwrap(xml.GET("/sitemap.xml", { parseAs: "text" }));
  check(index.includes("<sitemapindex"), "sitemap.xml: not a sitemap index");
  step("feeds", `${feed.items.length} items, first "${item.title}"; RSS ${rss.length} chars; sitemap index ${index.length} chars`);

  console.log("smoke test passed");
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch's "fetch failed" tells why only in its cause (ECONNREFUSED, say).
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

main().catch((error: unknown) => {
  console.error(`FAIL ${describe(error)}`);
  process.exitCode = 1;
});
