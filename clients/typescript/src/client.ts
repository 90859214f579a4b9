/**
 * A typed client for the newsroom content API.
 *
 * The types come from the API's OpenAPI document (`npm run generate` writes `schema.d.ts`);
 * requests go through `openapi-fetch`, so paths, parameters and bodies are checked by the compiler.
 *
 * @example
 * const api = createNewsroomClient("http://127.0.0.1:8080", { locale: "ru" });
 * const article = await unwrap(
 *   api.GET("/api/v1/articles/{article}", { params: { path: { article: "some-slug" } } }),
 * );
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** Every schema of the API, by its name in the OpenAPI document: `Schemas["NewArticleBody"]`. */
export type Schemas = components["schemas"];

/** A full article: a list item with its body (`body` Markdown, `body_html` sanitized HTML). */
export type Article = Schemas["Article"];
/** An article as a list item (feeds, category pages, headlines, related items): all but the body. */
export type ArticleSummary = Schemas["ArticleSummary"];
/** A page of articles. */
export type ArticleList = Schemas["ArticleList"];
/** Where an article stands in its workflow; the public only ever sees `published`. */
export type ArticleStatus = Schemas["ArticleStatus"];
/** An article in the headline ticker, with the `reason` it is there. */
export type Headline = Schemas["Headline"];
/** The headline ticker, in order. */
export type HeadlineList = Schemas["HeadlineList"];
/** Why an article is in the ticker. */
export type HeadlineReason = Schemas["HeadlineReason"];
/** A related article ("Similar news"). */
export type RelatedItem = Schemas["RelatedItem"];
/** Related articles, best first. */
export type RelatedList = Schemas["RelatedList"];
/** A search hit, with a highlighted `snippet`. */
export type SearchHit = Schemas["SearchHit"];
/** A page of search hits, best first. */
export type SearchList = Schemas["SearchList"];
/** A category in the negotiated locale, or its nearest fallback. */
export type Category = Schemas["Category"];
/** A page of categories. */
export type CategoryList = Schemas["CategoryList"];
/** A category as named inside an article. */
export type CategoryRef = Schemas["CategoryRef"];
/** A locale content is served in. */
export type Locale = Schemas["Locale"];
/** One translation of an article, as linked from another (for language switchers). */
export type TranslationLink = Schemas["TranslationLink"];
/** The cover image of an article. */
export type CoverImage = Schemas["CoverImage"];
/** Where a list response stands in its listing (`next_cursor` is `null` on the last page). */
export type Page = Schemas["Page"];
/** An RFC 9457 problem document, the body of every error response. */
export type Problem = Schemas["Problem"];
/** One field of a request body that is not acceptable, and why. */
export type FieldError = Schemas["FieldError"];

/** The media type of whole answers, with every field of their schema present. */
export type WholeAnswers = "application/json";
/**
 * The media type of the answers to reads that name `fields`: only those fields are sent, and
 * their schemas (`PartialArticleList`, ...) require none.
 */
export type PartialAnswers = "application/vnd.newsroom.partial+json";

/** The media type of JSON Feed (`/api/v1/feeds/{locale}/feed.json`). */
export type FeedAnswers = "application/feed+json";
/**
 * XML answers (RSS, Atom, sitemaps) as text: read them with `parseAs: "text"`; the client sends
 * `Accept: text/xml`, which each of them is served in.
 */
export type XmlAnswers = "text/xml";

/** Every media type a client can be typed for. */
export type Answers = WholeAnswers | PartialAnswers | FeedAnswers | XmlAnswers;

/** An article list item with only the fields asked for in `fields`. */
export type PartialArticleSummary = Schemas["PartialArticleSummary"];

/**
 * The client `createNewsroomClient` returns: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` typed by
 * path, answers typed as whole (`WholeAnswers`) or, for reads that name `fields`, partial.
 */
export type NewsroomClient<A extends Answers = WholeAnswers> = Client<paths, A>;

/** Options of `createNewsroomClient`. */
export interface NewsroomClientOptions {
  /** An API key (`newsroom keys create`), sent as `Authorization: Bearer <key>`; public reads need none. */
  apiKey?: string | undefined;
  /**
   * The reader's locale (`ru`, `uz-Cyrl`, ...), sent as `Accept-Language` on every request.
   * A `locale` query parameter on a request overrides it.
   */
  locale?: string | undefined;
}

/**
 * Makes a client for the newsroom API at `baseUrl` (the server's origin, e.g.
 * `https://news.example.com`; paths start with `/api/v1`). Its answers are typed whole; for
 * reads that name `fields`, make one with `createNewsroomClient<PartialAnswers>(...)`, whose
 * answers have every field optional; for JSON Feed, `createNewsroomClient<FeedAnswers>(...)`;
 * for RSS, Atom and sitemaps as text, `createNewsroomClient(url, { accept: "text/xml" })`.
 */
export function createNewsroomClient<A extends Answers = WholeAnswers>(
  baseUrl: string,
  options: NewsroomClientOptions & { accept?: A } = {},
): NewsroomClient<A> {
  const headers: Record<string, string> = {};
  if (options.accept !== undefined) headers["Accept"] = options.accept;
  if (options.apiKey !== undefined) headers["Authorization"] = `Bearer ${options.apiKey}`;
  if (options.locale !== undefined) headers["Accept-Language"] = options.locale;
  return createClient<paths, A>({ baseUrl, headers });
}

/** An error response of the API, thrown by `unwrap`: `problem` is its RFC 9457 body. */
export class NewsroomProblem extends Error {
  /** The problem document; made up from the status line when the body was not one. */
  readonly problem: Problem;
  /** The HTTP response that carried it (its headers tell `Retry-After`, say). */
  readonly response: Response;

  constructor(problem: Problem, response: Response) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = "NewsroomProblem";
    this.problem = problem;
    this.response = response;
  }

  /** The HTTP status code. */
  get status(): number {
    return this.response.status;
  }

  /** The problem's `type` (`/problems/unknown-locale`, ...): stable, so callers can branch on it. */
  get type(): string {
    return this.problem.type;
  }
}

/** What every `openapi-fetch` call resolves to: the data on success, the error otherwise. */
export type ApiResult<T> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * Awaits a call of the client and returns its data; an error response is thrown as a
 * `NewsroomProblem`. Responses without a body (`202`, `204`) give `undefined`.
 */
export async function unwrap<T>(result: PromiseLike<ApiResult<T>> | ApiResult<T>): Promise<T> {
  return (await unwrapWithResponse(result)).data;
}

/** Like `unwrap`, but also returns the response, for its status and headers (`ETag`, `Content-Language`). */
export async function unwrapWithResponse<T>(
  result: PromiseLike<ApiResult<T>> | ApiResult<T>,
): Promise<{ data: T; response: Response }> {
  const settled = await result;
  if (settled.error !== undefined || !settled.response.ok) {
    throw new NewsroomProblem(toProblem(settled.error, settled.response), settled.response);
  }
  return { data: settled.data as T, response: settled.response };
}

/** True when `value` has the members every RFC 9457 problem of this API has. */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const { type, title, status, detail } = value as Record<string, unknown>;
  return (
    typeof type === "string" &&
    typeof title === "string" &&
    typeof status === "number" &&
    typeof detail === "string"
  );
}

function toProblem(body: unknown, response: Response): Problem {
  if (isProblem(body)) return body;
  return {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: typeof body === "string" && body !== "" ? body.slice(0, 500) : "The response was not a problem document.",
  };
}
