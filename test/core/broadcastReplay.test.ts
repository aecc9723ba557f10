/**
 * `BroadcastReplay`'s arithmetic with explicit client times (the end-to-end behaviour is in
 * test/react/databaseBroadcastSubscription.test.tsx, against the dev server).
 */
import { describe, expect, test } from 'vitest';
import {
  BroadcastReplay,
  CLOCK_MARGIN_MS,
  DETECTION_WINDOW_MS,
  MAX_REPLAY_GAP_MS,
  REPLAY_LIMIT,
} from '../../src/core/databaseBroadcast/broadcastReplay';
import { normaliseBroadcastChange } from '../../src/core/databaseBroadcast/normaliseBroadcastChange';

const T0 = 1_800_000_000_000;

function joinedAt(at: number): BroadcastReplay {
  const replay = new BroadcastReplay();
  expect(replay.joinConfig(at - 10)).toBeNull(); // a first join asks for nothing
  expect(replay.joined(at, false)).toBe(false);
  return replay;
}

describe('BroadcastReplay', () => {
  test('since is the last message minus the clock margin, never before the first join', () => {
    const replay = joinedAt(T0);
    replay.accept({ id: 'a' }, T0 + 20_000);
    replay.wentDown(T0 + 30_000);
    expect(replay.joinConfig(T0 + 31_000)).toEqual({ since: T0 + 20_000 - CLOCK_MARGIN_MS, limit: REPLAY_LIMIT });

    const early = joinedAt(T0);
    early.accept({ id: 'a' }, T0 + 1_000);
    early.wentDown(T0 + 2_000);
    expect(early.joinConfig(T0 + 3_000)).toEqual({ since: T0, limit: REPLAY_LIMIT });
  });

  test('a quiet channel replays from the detection window before the drop was seen', () => {
    const replay = joinedAt(T0);
    const down = T0 + 5 * 60_000;
    replay.wentDown(down);
    expect(replay.joinConfig(down + 1_000)!.since).toBe(down - DETECTION_WINDOW_MS - CLOCK_MARGIN_MS);
  });

  test('a gap longer than the trusted window asks for no replay, and the join then asks for a refetch', () => {
    const replay = joinedAt(T0);
    replay.wentDown(T0 + 1_000);
    const late = T0 + 1_000 + DETECTION_WINDOW_MS + MAX_REPLAY_GAP_MS;
    expect(replay.joinConfig(late)).toBeNull();
    expect(replay.joined(late + 10, true)).toBe(true);
  });

  test('a replayed copy of a delivered message is dropped; the limit is reported once', () => {
    const replay = joinedAt(T0);
    expect(replay.accept({ id: 'seen' }, T0 + 1)).toEqual({ deliver: true, limitReached: false });
    replay.wentDown(T0 + 2);
    replay.joinConfig(T0 + 3);
    expect(replay.joined(T0 + 4, true)).toBe(false);
    expect(replay.accept({ id: 'seen', replayed: true }, T0 + 5)).toEqual({ deliver: false, limitReached: false });
    const verdicts = Array.from({ length: REPLAY_LIMIT }, (_, i) => replay.accept({ id: `r${i}`, replayed: true }, T0 + 6));
    expect(verdicts.filter((v) => v.limitReached)).toHaveLength(1);
    expect(verdicts.findIndex((v) => v.limitReached)).toBe(REPLAY_LIMIT - 2); // 'seen' counted as replayed too
    expect(verdicts.every((v) => v.deliver)).toBe(true);
    expect(replay.accept({ id: 'r0' }, T0 + 7)).toEqual({ deliver: false, limitReached: false });
  });
});

describe('normaliseBroadcastChange', () => {
  test('broadcast_changes payloads become postgres_changes payloads; other shapes are ignored', () => {
    const payload = { id: 'u', operation: 'UPDATE', table: 'todos', schema: 'public', record: { id: 1, t: 'b' }, old_record: { id: 1, t: 'a' } };
    expect(normaliseBroadcastChange({ event: 'UPDATE', payload })).toEqual({
      schema: 'public',
      table: 'todos',
      eventType: 'UPDATE',
      new: { id: 1, t: 'b' },
      old: { id: 1, t: 'a' },
      errors: null,
    });
    expect(normaliseBroadcastChange({ event: 'DELETE', payload: { ...payload, operation: 'DELETE', record: null } })).toMatchObject({ new: {} });
    expect(normaliseBroadcastChange({ event: 'message', payload: { body: 'hi', id: 'x' } })).toBeNull();
    expect(normaliseBroadcastChange({ event: 'X', payload: { ...payload, operation: 'TRUNCATE' } })).toBeNull();
    expect(normaliseBroadcastChange({ event: 'X', payload: 'text' })).toBeNull();
  });
});
