import { describe, expect, test } from 'vitest';
import { ConnectionMachine, type MachineEnvironment } from '../../src/core/connectionMachine';

/** Manual clock: timers fire only when the test advances time. */
function fakeEnv(online = true) {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const env: MachineEnvironment & { advance(ms: number): void; pending(): number; online: boolean } = {
    online,
    isOnline: () => env.online,
    now: () => now,
    random: () => 1,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
  return env;
}

function setup(options: ConstructorParameters<typeof ConnectionMachine>[2] = {}, online = true) {
  const env = fakeEnv(online);
  const calls: string[] = [];
  const refreshModes: boolean[] = [];
  /** Set `arrived` to act as if a frame came in while a probe waits. */
  const frames = { arrived: false };
  const machine = new ConnectionMachine(
    env,
    {
      openSocket: () => calls.push('open'),
      closeSocket: () => calls.push('close'),
      refreshAuth: (onlyIfExpiring) => {
        calls.push('refresh');
        refreshModes.push(onlyIfExpiring);
      },
      probe: () => calls.push('probe'),
      framesSinceProbe: () => {
        const heard = frames.arrived;
        frames.arrived = false;
        return heard;
      },
      abandonSocket: () => calls.push('abandon'),
      changed: () => {},
    },
    { backoff: { baseMs: 100, factor: 2, maxMs: 1000 }, circuitBreaker: { failureThreshold: 3, cooldownMs: 5000 }, ...options },
  );
  return { env, calls, machine, refreshModes, frames };
}

describe('ConnectionMachine', () => {
  test('starts as initial, connects on START and is connected on open', () => {
    const { machine, calls } = setup();
    expect(machine.snapshot().status).toBe('initial');
    machine.send({ type: 'START' });
    expect(machine.snapshot().status).toBe('connecting');
    expect(calls).toEqual(['open']);
    machine.send({ type: 'SOCKET_OPEN' });
    expect(machine.snapshot()).toMatchObject({ status: 'connected', circuit: 'closed', reconnectAttempts: 0 });
  });

  test('a drop backs off with growing delays and reconnects only when the timer fires', () => {
    const { machine, calls, env } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 1006 });
    expect(machine.snapshot()).toMatchObject({ state: 'backoff', status: 'reconnecting', nextRetryAt: 100 });
    env.advance(99);
    expect(calls).toEqual(['open']);
    env.advance(1);
    expect(calls).toEqual(['open', 'open']);
    machine.send({ type: 'SOCKET_CLOSE', code: 1006 });
    expect(machine.snapshot().nextRetryAt).toBe(100 + 200);
    expect(machine.snapshot().reconnectAttempts).toBe(2);
  });

  test('snapshots keep their identity until something changes', () => {
    const { machine } = setup();
    const a = machine.snapshot();
    expect(machine.snapshot()).toBe(a);
    machine.send({ type: 'SOCKET_OPEN' }); // ignored in idle
    expect(machine.snapshot()).toBe(a);
    machine.send({ type: 'START' });
    expect(machine.snapshot()).not.toBe(a);
  });

  test('close 1011 reconnects with backoff and asks for a refresh only if the token is expiring', () => {
    const { machine, calls, env, refreshModes } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 1011 });
    expect(machine.state).toBe('backoff');
    env.advance(100);
    expect(machine.state).toBe('refreshing-auth');
    expect(calls).toEqual(['open', 'refresh']);
    expect(refreshModes).toEqual([true]);
    machine.send({ type: 'AUTH_OK' });
    expect(calls).toEqual(['open', 'refresh', 'open']);
  });

  test('an auth close (4001) always refreshes the token', () => {
    const { machine, env, refreshModes } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 4001 });
    env.advance(100);
    expect(machine.state).toBe('refreshing-auth');
    expect(refreshModes).toEqual([false]);
  });

  test('a refresh that failed for network reasons backs off and is tried again, never parked', () => {
    const { machine, calls, env } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 4001 });
    env.advance(100);
    machine.send({ type: 'AUTH_RETRY' });
    expect(machine.state).toBe('backoff');
    expect(machine.snapshot().status).toBe('reconnecting');
    expect(machine.snapshot().nextRetryAt).not.toBeNull();
    env.advance(60_000);
    expect(machine.state).toBe('refreshing-auth');
    expect(calls).toEqual(['open', 'refresh', 'refresh']);
    // The page coming back skips the rest of the backoff.
    machine.send({ type: 'AUTH_RETRY' });
    machine.send({ type: 'VISIBLE' });
    expect(calls).toEqual(['open', 'refresh', 'refresh', 'refresh']);
    machine.send({ type: 'AUTH_OK' });
    expect(calls).toEqual(['open', 'refresh', 'refresh', 'refresh', 'open']);
  });

  test('a refused refresh connects anyway (the session ended; health reports needs-auth)', () => {
    const { machine, calls, env } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 4001 });
    env.advance(100);
    machine.send({ type: 'AUTH_FAILED' });
    expect(machine.state).toBe('connecting');
    expect(calls).toEqual(['open', 'refresh', 'open']);
  });

  test('the circuit opens after N failed connects, then allows one half-open probe', () => {
    const { machine, calls, env } = setup();
    machine.send({ type: 'START' });
    for (let i = 0; i < 3; i++) {
      machine.send({ type: 'SOCKET_CLOSE', code: 1006 });
      if (i < 2) env.advance(1000);
    }
    expect(machine.snapshot()).toMatchObject({ state: 'circuit-open', circuit: 'open', status: 'disconnected', nextRetryAt: env.now() + 5000 });
    const opens = calls.length;
    env.advance(4999);
    expect(calls.length).toBe(opens);
    env.advance(1);
    expect(machine.snapshot().circuit).toBe('half-open');
    expect(calls.length).toBe(opens + 1);
    // The probe fails: open again at once.
    machine.send({ type: 'SOCKET_CLOSE', code: 1006 });
    expect(machine.snapshot().circuit).toBe('open');
    env.advance(5000);
    machine.send({ type: 'SOCKET_OPEN' });
    expect(machine.snapshot()).toMatchObject({ circuit: 'closed', status: 'connected', consecutiveFailures: 0 });
  });

  test('offline closes the socket and makes no attempts; online connects at once', () => {
    const { machine, calls, env } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'OFFLINE' });
    expect(machine.snapshot().status).toBe('offline');
    expect(calls).toEqual(['open', 'close']);
    machine.send({ type: 'SOCKET_CLOSE', code: 1000 });
    env.advance(60_000);
    expect(calls).toEqual(['open', 'close']);
    machine.send({ type: 'ONLINE' });
    expect(calls).toEqual(['open', 'close', 'open']);
  });

  test('starting while offline waits for online', () => {
    const { machine, calls, env } = setup({}, false);
    machine.send({ type: 'START' });
    expect(machine.snapshot().status).toBe('offline');
    expect(calls).toEqual([]);
    env.online = true;
    machine.send({ type: 'ONLINE' });
    expect(calls).toEqual(['open']);
  });

  test('the page becoming visible skips a pending backoff', () => {
    const { machine, calls } = setup({ backoff: { baseMs: 10_000, maxMs: 30_000 } });
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 1006 });
    machine.send({ type: 'VISIBLE' });
    expect(calls).toEqual(['open', 'open']);
  });

  test('a hung connect attempt times out and counts as a failure', () => {
    const { machine, calls, env } = setup({ connectTimeoutMs: 500 });
    machine.send({ type: 'START' });
    env.advance(500);
    expect(calls).toEqual(['open', 'close']);
    expect(machine.snapshot()).toMatchObject({ state: 'backoff', consecutiveFailures: 1 });
  });

  test('leaving a state clears its timer; STOP ends everything', () => {
    const { machine, env, calls } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'SOCKET_CLOSE', code: 1006 });
    expect(env.pending()).toBe(1);
    machine.send({ type: 'STOP' });
    expect(env.pending()).toBe(0);
    machine.send({ type: 'START' });
    expect(calls).toEqual(['open', 'close']);
    expect(machine.snapshot().status).toBe('disconnected');
  });

  test('a page check in connected sends one probe; an answer changes nothing, silence abandons the socket', () => {
    const { machine, env, calls } = setup({ probeTimeoutMs: 2000 });
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    for (const type of ['VISIBLE', 'ONLINE', 'PAGE_SHOW', 'WAKE'] as const) {
      machine.send({ type });
      expect(machine.snapshot()).toMatchObject({ state: 'verifying', status: 'connected' });
      machine.send({ type: 'VISIBLE' }); // a second check while one is in flight: no second probe
      machine.send({ type: 'PROBE_OK' });
      expect(machine.snapshot()).toMatchObject({ state: 'connected', totalReconnects: 0 });
    }
    expect(calls).toEqual(['open', 'probe', 'probe', 'probe', 'probe']);
    machine.send({ type: 'WAKE' });
    env.advance(1999);
    expect(machine.state).toBe('verifying');
    env.advance(1);
    expect(calls.slice(-2)).toEqual(['probe', 'abandon']);
    expect(machine.snapshot()).toMatchObject({ state: 'backoff', status: 'reconnecting', totalReconnects: 1 });
    machine.send({ type: 'PROBE_OK' }); // too late: ignored
    expect(machine.state).toBe('backoff');
  });

  test('frames arriving while the probe waits extend it one window at a time; silence then abandons', () => {
    const { machine, env, calls, frames } = setup({ probeTimeoutMs: 2000 });
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'WAKE' });
    for (let window = 0; window < 3; window++) {
      frames.arrived = true; // a burst is still being delivered: the answer waits behind it
      env.advance(2000);
      expect(machine.snapshot()).toMatchObject({ state: 'verifying', totalReconnects: 0 });
    }
    expect(calls).toEqual(['open', 'probe']); // one probe, its window extended, never re-sent
    machine.send({ type: 'PROBE_OK' });
    expect(machine.state).toBe('connected');

    machine.send({ type: 'WAKE' });
    frames.arrived = true;
    env.advance(2000);
    expect(machine.state).toBe('verifying');
    env.advance(2000); // no frame in this window
    expect(calls.slice(-1)).toEqual(['abandon']);
    expect(machine.snapshot()).toMatchObject({ state: 'backoff', totalReconnects: 1 });
  });

  test('PAUSE closes the socket until the page is visible again', () => {
    const { machine, calls } = setup();
    machine.send({ type: 'START' });
    machine.send({ type: 'SOCKET_OPEN' });
    machine.send({ type: 'PAUSE' });
    expect(machine.snapshot()).toMatchObject({ state: 'paused', status: 'disconnected' });
    machine.send({ type: 'SOCKET_CLOSE', code: 1000 });
    machine.send({ type: 'START' });
    machine.send({ type: 'ONLINE' });
    expect(machine.state).toBe('paused');
    machine.send({ type: 'VISIBLE' });
    expect(machine.state).toBe('connecting');
    expect(calls).toEqual(['open', 'close', 'open']);
  });

  test('rejects options that cannot work', () => {
    expect(() => setup({ circuitBreaker: { failureThreshold: 0 } })).toThrow(/failureThreshold/);
    expect(() => setup({ backoff: { baseMs: -1 } })).toThrow(/baseMs/);
  });
});
