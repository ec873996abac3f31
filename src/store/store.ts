import type { KvBackend } from "./backend.ts";
import { ChannelRepository } from "./channel-repository.ts";
import { ClaimRepository } from "./claim-repository.ts";
import { FollowupRepository } from "./followup-repository.ts";
import { PaperRepository } from "./paper-repository.ts";
import { PostRepository } from "./post-repository.ts";
import { ReadingListRepository } from "./reading-list-repository.ts";
import { type StoreHealth, watchHealth } from "./store-health.ts";
import { VoteRepository } from "./vote-repository.ts";

/** Every typed repository over one backend: what commands, adapters and the scheduler use. */
export interface Store {
  backend: KvBackend;
  /** Whether the backend answers, and when it answers again after an outage. */
  health: StoreHealth;
  papers: PaperRepository;
  channels: ChannelRepository;
  posts: PostRepository;
  votes: VoteRepository;
  /** 👎 reactions: the same records as votes, kept apart so no leaderboard counts them. */
  downvotes: VoteRepository;
  readingLists: ReadingListRepository;
  claims: ClaimRepository;
  /** Tracked papers' upstream snapshots and changes, and the follow-ups each channel was sent. */
  followups: FollowupRepository;
}

/**
 * Builds the repositories over an opened backend, watching its health (see {@link watchHealth}); claims that
 * could not be released during an outage are released as soon as the store answers again.
 */
export function createStore(opened: KvBackend): Store {
  const { backend, health } = watchHealth(opened);
  const claims = new ClaimRepository(backend);
  health.onRecovered(() => void claims.releaseUnreleased());
  return {
    backend,
    health,
    papers: new PaperRepository(backend),
    channels: new ChannelRepository(backend),
    posts: new PostRepository(backend),
    votes: new VoteRepository(backend),
    downvotes: new VoteRepository(backend, "downvote"),
    readingLists: new ReadingListRepository(backend),
    claims,
    followups: new FollowupRepository(backend),
  };
}
