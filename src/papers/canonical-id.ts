/**
 * Canonical arXiv ids: one id per paper whatever form a user or a source gives
 * (bare, versioned, `arXiv:` prefixed, abs/pdf/Hugging Face URLs, old-style `cs/0112017`).
 */

const NEW_STYLE = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/i;
const URL_PATH =
  /^(?:https?:\/\/)?(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers)\/(.+)$/i;

/**
 * Returns the canonical id (no version, no prefix) for any accepted form, or `undefined`
 * when the text is not an arXiv id. Old-style archive names are lower-cased (`math.GT` keeps its subject class).
 */
export function canonicalId(input: string): string | undefined {
  let text = input.trim();
  const url = URL_PATH.exec(text);
  if (url?.[1]) {
    text = url[1]
      .replace(/[?#].*$/, "")
      .replace(/\.pdf$/i, "")
      .replace(/\/+$/, "");
  }
  text = text.replace(/^arxiv:\s*/i, "");
  const modern = NEW_STYLE.exec(text);
  if (modern?.[1]) return modern[1];
  const old = OLD_STYLE.exec(text);
  if (old?.[1]) {
    const [archive = "", number = ""] = old[1].split("/");
    const [name = "", subject] = archive.split(".");
    return `${name.toLowerCase()}${subject ? `.${subject.toUpperCase()}` : ""}/${number}`;
  }
  return undefined;
}
