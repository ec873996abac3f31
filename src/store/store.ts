import type { KvBackend } from "./backend.ts";
import { ChannelAdminRepository } from "./channel-admin-repository.ts";
import { ChannelRepository } from "./channel-repository.ts";
import { ClaimRepository } from "./claim-repository.ts";
import { EventRepository } from "./event-repository.ts";
import { FollowupRepository } from "./followup-repository.ts";
import { InstallationRepository } from "./installation-repository.ts";
import { PaperRepository } from "./paper-repository.ts";
import { PlanRepository } from "./plan-repository.ts";
import { PostRepository } from "./post-repository.ts";
import { ReadingListRepository } from "./reading-list-repository.ts";
import { RisingRepository } from "./rising-repository.ts";
import { ShareRepository } from "./share-repository.ts";
import { type StoreHealth, watchHealth } from "./store-health.ts";
import { TrackedRepository } from "./tracked-repository.ts";
import { VoteRepository } from "./vote-repository.ts";

/**
 * Every typed repository over one backend: what commands, adapters and the scheduler use. Features
 * read and write only through the repositories, which alone know the key namespaces (`keys.ts`).
 */
export interface Store {
  /** The backend itself: for the health check, closing, and tests; never for a feature's records. */
  backend: KvBackend;
  /** Whether the backend answers, and when it answers again after an outage. */
  health: StoreHealth;
  papers: PaperRepository;
  channels: ChannelRepository;
  /** Each channel's paperboy admins (`/papers admins add`). */
  channelAdmins: ChannelAdminRepository;
  posts: PostRepository;
  votes: VoteRepository;
  /** 👎 reactions: the same records as votes, kept apart so no leaderboard counts them. */
  downvotes: VoteRepository;
  readingLists: ReadingListRepository;
  claims: ClaimRepository;
  /** The scheduler's per-channel, per-date plans and done-markers. */
  plans: PlanRepository;
  /** Platform event ids already handled, so retried events apply once. */
  events: EventRepository;
  /** Slack OAuth installations. */
  installations: InstallationRepository;
  /** "Share to channel" offers of private answers. */
  shares: ShareRepository;
  /** Tracked papers' upstream snapshots and changes, and the follow-ups each channel was sent. */
  followups: FollowupRepository;
  /** Recent upvote readings of Hugging Face papers, and the rising-paper heads-ups each channel got. */
  rising: RisingRepository;
  /** Papers tracked per channel for follow-ups, written as channels upvote and save. */
  tracked: TrackedRepository;
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
    channelAdmins: new ChannelAdminRepository(backend),
    posts: new PostRepository(backend),
    votes: new VoteRepository(backend),
    downvotes: new VoteRepository(backend, "downvote"),
    readingLists: new ReadingListRepository(backend),
    claims,
    plans: new PlanRepository(backend),
    events: new EventRepository(backend),
    installations: new InstallationRepository(backend),
    shares: new ShareRepository(backend),
    followups: new FollowupRepository(backend),
    rising: new RisingRepository(backend),
    tracked: new TrackedRepository(backend),
  };
}
