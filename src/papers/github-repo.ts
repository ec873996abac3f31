/**
 * Code links as authors paste them (Hugging Face's `githubRepo` is free text) reduced to the one URL
 * paperboy links to: the repository's home on GitHub.
 */

/** `http(s)://[www.]github.com/<owner>/<repo>`, then anything after the repository (a path, query or fragment). */
const GITHUB_URL = /^https?:\/\/(?:www\.)?github\.com\/+([^/?#]+)\/+([^/?#]+)(?:[/?#].*)?$/i;
/** A GitHub account name: letters, digits and hyphens (underscores for managed users), at most 39. */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;
/** A GitHub repository name: letters, digits, `.`, `_` and `-`, at most 100. */
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** First path segments GitHub reserves for its own pages, so `github.com/orgs/x` is no repository. */
const RESERVED = new Set([
  "about",
  "apps",
  "collections",
  "enterprise",
  "explore",
  "features",
  "login",
  "marketplace",
  "notifications",
  "orgs",
  "pricing",
  "search",
  "security",
  "settings",
  "site",
  "sponsors",
  "topics",
  "trending",
  "users",
]);

/**
 * The canonical URL `https://github.com/<owner>/<repo>` of the GitHub repository `raw` points into, or
 * undefined when it names none. Accepts what real payloads carry: `http://`, `www.`, a `.git` suffix, a
 * path inside the repository (`/tree/main/sub`, `/blob/…`), a query or fragment, doubled or trailing
 * slashes, and line breaks inside the URL. Another host, an owner without a repository, a reserved
 * GitHub page, other whitespace or anything that is not a URL gives undefined.
 */
export function githubRepoUrl(raw: string): string | undefined {
  const url = raw.trim().replace(/[^\S\r\n]*[\r\n]+\s*/g, "");
  if (/[\s\p{Cc}]/u.test(url)) return undefined;
  const [, owner = "", named = ""] = url.match(GITHUB_URL) ?? [];
  const repo = named.replace(/\.git$/i, "");
  if (!OWNER.test(owner) || RESERVED.has(owner.toLowerCase())) return undefined;
  if (!REPO.test(repo) || repo === "." || repo === "..") return undefined;
  return `https://github.com/${owner}/${repo}`;
}
