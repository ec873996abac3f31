import { z } from "zod";
import type { HttpClient } from "../../http/http-client.ts";
import { UpstreamError } from "../../http/upstream-error.ts";
import { canonicalId } from "../canonical-id.ts";
import { apiUrl, jsonType } from "./text.ts";

/** The Hugging Face models, datasets and Spaces whose cards cite a paper (repo ids like `org/name`). */
export interface LinkedRepos {
  models: string[];
  datasets: string[];
  spaces: string[];
}

/** Most repos of one kind kept per paper: a popular paper's hundreds of fine-tunes say nothing more. */
const MAX_PER_KIND = 200;
const RepoId = z.object({ id: z.string().min(1).max(200) });
const repoIds = (items: unknown): string[] =>
  (Array.isArray(items) ? items : [])
    .flatMap((item) => RepoId.safeParse(item).data?.id ?? [])
    .slice(0, MAX_PER_KIND);

/**
 * `GET /api/arxiv/{id}/repos`: what on Hugging Face cites the paper. An id Hugging Face does not know
 * (404) cites nothing; a body that is no object fails with `UpstreamError` code `bad_body`. Lists are
 * read leniently: items without an id are left out.
 */
export async function fetchLinkedRepos(
  http: HttpClient,
  baseUrl: string,
  input: string,
): Promise<LinkedRepos> {
  const none: LinkedRepos = { models: [], datasets: [], spaces: [] };
  const id = canonicalId(input);
  if (!id) return none;
  const url = apiUrl(baseUrl, `api/arxiv/${id}/repos`);
  let body: unknown;
  try {
    body = await http.getJson(url);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) return none;
    throw error;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new UpstreamError({
      origin: "huggingface",
      code: "bad_body",
      url,
      detail: `expected an object of models, datasets and spaces, got ${jsonType(body)}`,
    });
  }
  const lists = body as Record<string, unknown>;
  return { models: repoIds(lists.models), datasets: repoIds(lists.datasets), spaces: repoIds(lists.spaces) };
}
