/**
 * Which outside URLs a paper may carry to a chat. Sources hand us project pages and thumbnails typed by
 * submitters; only URLs that are plainly what they claim to be get through, in one normal form, so every
 * renderer can put them in a button, a masked link or an image without escaping.
 */

/** Hosts that serve Hugging Face's paper thumbnails and uploads. */
const HUGGING_FACE_CDN_HOSTS = new Set(["cdn-thumbnails.huggingface.co", "cdn-uploads.huggingface.co"]);
/** Characters a URL may keep: none closes a markdown link, a Slack `<…|…>` link or a quoted attribute. */
const SAFE_URL =
  /^https:\/\/[a-z0-9.-]+(?:\/[A-Za-z0-9._~!$&'*+,;=:@%/-]*)?(?:\?[A-Za-z0-9._~!$&'*+,;=:@%/?-]*)?$/;
/** The longest outside URL kept: Discord's link-button limit, far above any real project page. */
export const MAX_WEB_URL = 512;

/**
 * A submitter-typed URL as a link we may show: `https` only, a DNS host name (no user, password or port),
 * no fragment, at most {@link MAX_WEB_URL} characters and only characters that are inert in chat markup;
 * `undefined` otherwise.
 */
export function safeWebUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username || url.password || url.port || url.hash) return undefined;
  if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(url.hostname)) return undefined;
  const href = url.href;
  return href.length <= MAX_WEB_URL && SAFE_URL.test(href) ? href : undefined;
}

/** A thumbnail URL we may show: a {@link safeWebUrl} on Hugging Face's CDN hosts, else `undefined`. */
export function huggingFaceImageUrl(raw: string | undefined): string | undefined {
  const url = safeWebUrl(raw);
  return url && HUGGING_FACE_CDN_HOSTS.has(new URL(url).hostname) ? url : undefined;
}

/** arXiv, Hugging Face and GitHub pages: the only links a message may make of a paper's own fields. */
const TRUSTED_PAPER_URL = /^https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+$/;

/** Whether `url` is an arXiv, Hugging Face or GitHub page short enough for any platform's link. */
export function isTrustedPaperUrl(url: string): boolean {
  return url.length <= 512 && TRUSTED_PAPER_URL.test(url);
}
