import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** A value encrypted at rest: AES-256-GCM, its own random IV, the key's id for rotation. */
export interface SealedValue {
  /** Format version; a later one may change the algorithm or the key derivation. */
  sealed: 1;
  /** Which key sealed it (see {@link keyId}), so a record sealed with another key is named as such. */
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

/** A sealed value that cannot be opened: sealed with another key (`key_mismatch`) or damaged. */
export class SealedValueError extends Error {
  constructor(
    readonly code: "key_mismatch" | "unreadable",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SealedValueError";
  }
}

/** Encrypts and decrypts JSON values with one key; `context` binds a value to where it is stored. */
export interface SealedBox {
  readonly keyId: string;
  seal(value: unknown, context: string): SealedValue;
  /** Throws a {@link SealedValueError} that says what to do. */
  open(value: SealedValue, context: string): unknown;
}

const ALGORITHM = "aes-256-gcm";
/** 96-bit IVs, as GCM is specified for; random per record. */
const IV_BYTES = 12;

/** A short public id of a key (the start of its SHA-256): names a key without revealing it. */
export function keyId(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** Whether a stored value is one {@link SealedBox.seal} made. */
export function isSealed(value: unknown): value is SealedValue {
  return typeof value === "object" && value !== null && (value as { sealed?: unknown }).sealed === 1;
}

/**
 * A box over a 32-byte key (`PAPERBOY_ENCRYPTION_KEY`). Every value is authenticated together with its
 * `context` (the record's store key), so a sealed record copied under another key does not open.
 */
export function createSealedBox(key: Uint8Array, variable = "PAPERBOY_ENCRYPTION_KEY"): SealedBox {
  const id = keyId(key);
  return {
    keyId: id,
    seal(value, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
      return {
        sealed: 1,
        keyId: id,
        iv: iv.toString("base64"),
        tag: cipher.getAuthTag().toString("base64"),
        data: data.toString("base64"),
      };
    },
    open(value, context) {
      if (value.keyId !== id) {
        throw new SealedValueError(
          "key_mismatch",
          `${context} was encrypted with key ${value.keyId}, but ${variable} is key ${id}: set the key it was stored with`,
        );
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(value.iv, "base64"));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(value.tag, "base64"));
        const text = Buffer.concat([decipher.update(Buffer.from(value.data, "base64")), decipher.final()]);
        return JSON.parse(text.toString("utf8"));
      } catch (error) {
        throw new SealedValueError("unreadable", `${context} could not be decrypted: the record is damaged`, {
          cause: error,
        });
      }
    },
  };
}
