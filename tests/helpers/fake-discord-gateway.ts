import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { UserJson } from "./discord-payloads.ts";

/** Gateway opcodes the fake speaks. */
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Discord's reason texts for the close codes after which it takes no session. */
const REFUSAL_REASONS: Record<number, string> = {
  4004: "Authentication failed.",
  4010: "Invalid shard.",
  4011: "Sharding required.",
  4012: "Invalid API version.",
  4013: "Invalid intent(s).",
  4014: "Disallowed intent(s).",
};

/** Intent bits that gate the events the fake filters. */
const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
} as const;

/** The intent an event needs, as Discord decides it (guild vs DM by `guild_id`); `null` = always sent. */
function requiredIntent(event: string, data: Record<string, unknown>): number | null {
  const inGuild = typeof data.guild_id === "string";
  if (event.startsWith("MESSAGE_REACTION_")) {
    return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
  }
  if (event.startsWith("MESSAGE_")) return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
  if (event.startsWith("GUILD_MEMBER_")) return Intent.GuildMembers;
  if (/^(GUILD_(CREATE|UPDATE|DELETE|ROLE_)|CHANNEL_|THREAD_|STAGE_INSTANCE_)/.test(event)) {
    return Intent.Guilds;
  }
  return null;
}

/** One gateway connection the fake accepted. */
export interface GatewayConnection {
  /** The request URL path and query, e.g. `/?v=10&encoding=json` or `/resume?v=10&encoding=json`. */
  url: string;
  /** Every payload the client sent (IDENTIFY/RESUME tokens included). */
  received: { op: number; d: unknown }[];
  sessionId?: string;
  /** The close code, once closed (the fake's own code when the fake closed it). */
  closeCode?: number;
}

/** What a client sent in IDENTIFY. */
export interface IdentifyRecord {
  intents: number;
  shard: [number, number];
  properties: unknown;
}

/** A guild as the fake sends it in GUILD_CREATE. */
export interface GuildCreateJson {
  id: string;
  [field: string]: unknown;
}

/** Settings the HTTP side hands the gateway. */
export interface FakeGatewayOptions {
  token: string;
  heartbeatInterval: number;
  applicationId: string;
  botUser: UserJson;
  /** Fresh GUILD_CREATE payloads for every guild (called once per IDENTIFY). */
  guilds: () => GuildCreateJson[];
}

interface SentDispatch {
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  /** Every dispatch of the session, for RESUME replays (including those sent while disconnected). */
  log: SentDispatch[];
  socket: WebSocket | null;
}

interface Connection {
  record: GatewayConnection;
  session: Session | null;
  closedByFake: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Delay between READY and the GUILD_CREATE burst, as on the real gateway. discord.js 14.28 copes with both in
 * one tick too; the gap just keeps the fake from depending on that.
 */
const GUILD_CREATE_DELAY_MS = 5;

/** The WebSocket half of the fake Discord: HELLO, heartbeats, IDENTIFY/READY/GUILD_CREATE, RESUME replays. */
export class FakeGateway {
  /** Number of successful IDENTIFYs. */
  identifyCount = 0;
  /** Number of successful RESUMEs. */
  resumeCount = 0;
  /** Every accepted IDENTIFY, in order. */
  readonly identifies: IdentifyRecord[] = [];
  /** Every connection, in order. */
  readonly connections: GatewayConnection[] = [];
  /** `ws://127.0.0.1:PORT`, set once the server listens. */
  url = "";

  readonly #options: FakeGatewayOptions;
  readonly #wss: WebSocketServer;
  readonly #sessions = new Map<string, Session>();
  readonly #sockets = new Map<WebSocket, Connection>();
  #refusal: number | null = null;

  constructor(server: Server, options: FakeGatewayOptions) {
    this.#options = options;
    this.#wss = new WebSocketServer({ server });
    this.#wss.on("connection", (socket, request) => this.#accept(socket, request));
  }

  /** Sends a dispatch to every live session whose intents allow it; returns the highest `s` used. */
  dispatch(event: string, data: Record<string, unknown>): number | undefined {
    const needed = requiredIntent(event, data);
    let seq: number | undefined;
    for (const session of this.#sessions.values()) {
      if (needed !== null && (session.intents & needed) === 0) continue;
      const s = this.#dispatchTo(session, event, data);
      seq = seq === undefined ? s : Math.max(seq, s);
    }
    return seq;
  }

  /** Closes every open connection with `code` (sessions stay resumable); resolves once they closed. */
  async disconnectAll(code = 4000): Promise<void> {
    await Promise.all(
      [...this.#sockets].map(([socket, connection]) => {
        connection.closedByFake = true;
        return this.#close(socket, code);
      }),
    );
  }

  /** Sends op 7 RECONNECT to every open connection (the client should reconnect and RESUME). */
  requestReconnect(): void {
    for (const socket of this.#sockets.keys()) this.#send(socket, { op: Op.Reconnect, d: null });
  }

  /** Sends op 9 INVALID_SESSION; unless `resumable`, the sessions are forgotten (the client re-IDENTIFYs). */
  invalidateSessions(resumable = false): void {
    for (const [socket, connection] of this.#sockets) {
      if (!resumable && connection.session) this.#sessions.delete(connection.session.id);
      this.#send(socket, { op: Op.InvalidSession, d: resumable });
    }
  }

  /** From now on closes every connection that IDENTIFYs or RESUMEs with `code`; `null` accepts them again. */
  refuseSessions(code: number | null): void {
    this.#refusal = code;
  }

  /** Terminates every connection and stops accepting new ones. */
  async close(): Promise<void> {
    for (const socket of this.#sockets.keys()) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const connection: Connection = {
      record: { url: request.url ?? "/", received: [] },
      session: null,
      closedByFake: false,
    };
    this.connections.push(connection.record);
    this.#sockets.set(socket, connection);
    socket.on("close", (code) => this.#onClose(socket, connection, code));
    socket.on("message", (raw, isBinary) => this.#onMessage(socket, connection, raw, isBinary));
    const version = new URL(connection.record.url, "http://gateway").searchParams.get("v");
    if (version !== null && version !== "10") {
      void this.#close(socket, 4012, "Invalid API version.");
      return;
    }
    this.#send(socket, { op: Op.Hello, d: { heartbeat_interval: this.#options.heartbeatInterval } });
  }

  #onClose(socket: WebSocket, connection: Connection, code: number): void {
    this.#sockets.delete(socket);
    connection.record.closeCode ??= code;
    const session = connection.session;
    if (!session || session.socket !== socket) return;
    session.socket = null;
    // A client that closes with 1000/1001 ends its session; any other close leaves it resumable.
    if (!connection.closedByFake && (code === 1000 || code === 1001)) this.#sessions.delete(session.id);
  }

  #onMessage(socket: WebSocket, connection: Connection, raw: RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      payload = isBinary ? undefined : JSON.parse(raw.toString());
    } catch {
      payload = undefined;
    }
    if (!isRecord(payload) || typeof payload.op !== "number") {
      void this.#close(socket, 4002, "Error while decoding payload.");
      return;
    }
    connection.record.received.push({ op: payload.op, d: payload.d });
    const d = isRecord(payload.d) ? payload.d : {};
    switch (payload.op) {
      case Op.Heartbeat:
        this.#send(socket, { op: Op.HeartbeatAck, d: null });
        return;
      case Op.Identify:
        this.#identify(socket, connection, d);
        return;
      case Op.Resume:
        this.#resume(socket, connection, d);
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!connection.session) void this.#close(socket, 4003, "Not authenticated.");
        return;
      default:
        void this.#close(socket, 4001, "Unknown opcode.");
    }
  }

  #tokenOk(token: unknown): boolean {
    return typeof token === "string" && token.replace(/^Bot\s+/i, "") === this.#options.token;
  }

  #identify(socket: WebSocket, connection: Connection, d: Record<string, unknown>): void {
    if (connection.session) return void this.#close(socket, 4005, "Already authenticated.");
    if (!this.#tokenOk(d.token)) return void this.#close(socket, 4004, "Authentication failed.");
    if (this.#refusal !== null)
      return void this.#close(socket, this.#refusal, REFUSAL_REASONS[this.#refusal]);
    if (typeof d.intents !== "number") return void this.#close(socket, 4013, "Invalid intent(s).");
    const shardIn = Array.isArray(d.shard) ? d.shard : [0, 1];
    const shard: [number, number] = [Number(shardIn[0] ?? 0), Number(shardIn[1] ?? 1)];
    if (!(shard[0] >= 0 && shard[0] < shard[1])) return void this.#close(socket, 4010, "Invalid shard.");

    const session: Session = {
      id: randomBytes(16).toString("hex"),
      intents: d.intents,
      shard,
      seq: 0,
      log: [],
      socket,
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    connection.record.sessionId = session.id;
    this.identifyCount += 1;
    this.identifies.push({ intents: d.intents, shard, properties: d.properties });

    const guilds = this.#options
      .guilds()
      .filter((guild) => Number((BigInt(guild.id) >> 22n) % BigInt(shard[1])) === shard[0]);
    this.#dispatchTo(session, "READY", {
      v: 10,
      user: { ...this.#options.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
      user_settings: {},
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: `${this.url}/resume`,
      shard,
      application: { id: this.#options.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    setTimeout(() => {
      for (const guild of guilds) this.#dispatchTo(session, "GUILD_CREATE", guild);
    }, GUILD_CREATE_DELAY_MS);
  }

  #resume(socket: WebSocket, connection: Connection, d: Record<string, unknown>): void {
    if (connection.session) return void this.#close(socket, 4005, "Already authenticated.");
    if (!this.#tokenOk(d.token)) return void this.#close(socket, 4004, "Authentication failed.");
    if (this.#refusal !== null)
      return void this.#close(socket, this.#refusal, REFUSAL_REASONS[this.#refusal]);
    const session = typeof d.session_id === "string" ? this.#sessions.get(d.session_id) : undefined;
    if (!session) {
      this.#send(socket, { op: Op.InvalidSession, d: false });
      return;
    }
    const seq = typeof d.seq === "number" ? d.seq : 0;
    if (seq > session.seq) return void this.#close(socket, 4007, "Invalid seq.");
    if (session.socket && session.socket !== socket) {
      const previous = this.#sockets.get(session.socket);
      if (previous) previous.closedByFake = true;
      void this.#close(session.socket, 4000, "Session resumed elsewhere.");
    }
    session.socket = socket;
    connection.session = session;
    connection.record.sessionId = session.id;
    this.resumeCount += 1;
    for (const missed of session.log.filter((entry) => entry.s > seq)) {
      this.#send(socket, { op: Op.Dispatch, t: missed.t, s: missed.s, d: missed.d });
    }
    this.#dispatchTo(session, "RESUMED", { _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  #dispatchTo(session: Session, t: string, d: unknown): number {
    session.seq += 1;
    const s = session.seq;
    session.log.push({ t, s, d });
    if (session.socket) this.#send(session.socket, { op: Op.Dispatch, t, s, d });
    return s;
  }

  #send(socket: WebSocket, payload: { op: number; d: unknown; t?: string; s?: number }): void {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify({ t: null, s: null, ...payload }));
  }

  #close(socket: WebSocket, code: number, reason = ""): Promise<void> {
    const connection = this.#sockets.get(socket);
    if (connection) connection.record.closeCode = code;
    if (socket.readyState === socket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.close(code, reason);
    });
  }
}
