import type { KvBackend } from "./backend.ts";
import { ChannelRepository } from "./channel-repository.ts";
import { ClaimRepository } from "./claim-repository.ts";
import { PaperRepository } from "./paper-repository.ts";
import { PostRepository } from "./post-repository.ts";
import { ReadingListRepository } from "./reading-list-repository.ts";
import { VoteRepository } from "./vote-repository.ts";

/** Every typed repository over one backend: what commands, adapters and the scheduler use. */
export interface Store {
  backend: KvBackend;
  papers: PaperRepository;
  channels: ChannelRepository;
  posts: PostRepository;
  votes: VoteRepository;
  readingLists: ReadingListRepository;
  claims: ClaimRepository;
}

/** Builds the repositories over an opened backend. */
export function createStore(backend: KvBackend): Store {
  return {
    backend,
    papers: new PaperRepository(backend),
    channels: new ChannelRepository(backend),
    posts: new PostRepository(backend),
    votes: new VoteRepository(backend),
    readingLists: new ReadingListRepository(backend),
    claims: new ClaimRepository(backend),
  };
}
