/**
 * Shares of an archive's issues between machines. Apart from discover.ts, so that the command line
 * reads --shard without loading what export needs.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  index: number;
  count: number;
}

/** `K/N` with 0 ≤ K < N, as a Kubernetes Indexed Job numbers its pods. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return count > 0 && index < count ? { index, count } : undefined;
}

/** The shard an issue belongs to, from a hash of its key: stable whatever the order or number of machines listing it. */
export function inShard(key: string, shard: Shard): boolean {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % shard.count === shard.index;
}
