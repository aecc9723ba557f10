import type { AuthService } from './auth/authService';
import { isRefreshFaultStatus } from './auth/refreshFaults';
import { DEFAULT_BINDING_FAILURE } from './realtime/bindingFailures';
import type { RealtimeServer } from './realtime/realtimeServer';
import { isSendableCloseCode } from './realtime/faultState';
import type { DevServerFaults } from './types';

/** The default reason of `failJoins`, a real server reason that realtime-js retries. */
export const DEFAULT_FAIL_JOIN_REASON = 'Unknown Error on Channel';

function assertMs(name: string, ms: unknown): asserts ms is number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new TypeError(`faults.${name}(ms): ms must be a number of milliseconds ≥ 0, got ${String(ms)}.`);
  }
}

/** The programmatic fault controls (`server.faults`), validated; the HTTP routes call these too. */
export function createDevServerFaults(realtime: RealtimeServer, auth: AuthService): DevServerFaults {
  return {
    close(fault = {}) {
      if (fault.code !== undefined && !isSendableCloseCode(fault.code)) {
        throw new TypeError(`faults.close: code ${fault.code} cannot be sent by a server; use 1000–1003, 1007–1014 or 3000–4999 (or abrupt: true for 1006).`);
      }
      realtime.closeSockets(fault);
    },
    stallHeartbeats(ms) {
      assertMs('stallHeartbeats', ms);
      realtime.faults.stallHeartbeats(ms);
    },
    delayHeartbeats(ms) {
      assertMs('delayHeartbeats', ms);
      realtime.faults.heartbeatDelayMs = ms;
    },
    refuse(ms) {
      assertMs('refuse', ms);
      realtime.faults.refuse(ms);
    },
    failJoins(count, reason = DEFAULT_FAIL_JOIN_REASON) {
      if (!Number.isInteger(count) || count < 0) throw new TypeError(`faults.failJoins(count): count must be an integer ≥ 0, got ${String(count)}.`);
      realtime.faults.failJoins(count, reason);
    },
    expireTokens() {
      realtime.expireTokens();
      auth.tokensExpired();
    },
    latency(ms) {
      assertMs('latency', ms);
      realtime.faults.latencyMs = ms;
    },
    failRefresh(count, status = 500) {
      if (!Number.isInteger(count) || count < 0) throw new TypeError(`faults.failRefresh(count, status): count must be an integer ≥ 0, got ${String(count)}.`);
      if (!isRefreshFaultStatus(status)) {
        throw new TypeError(`faults.failRefresh(count, status): status must be 400 (refresh_token_not_found) or 500–599 (retried by auth-js), got ${String(status)}.`);
      }
      auth.faults.failNext(count, status);
    },
    revokeSessions() {
      return auth.revokeSessions();
    },
    blackhole(ms) {
      assertMs('blackhole', ms);
      return realtime.blackhole(ms);
    },
    closeChannels(reason, topic) {
      if (typeof reason !== 'string' || reason === '') {
        throw new TypeError(`faults.closeChannels(reason, topic?): reason must be a non-empty string such as 'Realtime was unable to connect to the project database', got ${JSON.stringify(reason ?? null)}.`);
      }
      if (topic !== undefined && (typeof topic !== 'string' || topic === '' || topic === 'realtime:')) {
        throw new TypeError(`faults.closeChannels(reason, topic?): topic must be a channel name such as 'room' or 'realtime:room', got ${JSON.stringify(topic)}.`);
      }
      return realtime.closeChannels(reason, topic === undefined || topic.startsWith('realtime:') ? topic : `realtime:${topic}`);
    },
    readyDelay(ms) {
      assertMs('readyDelay', ms);
      realtime.faults.readyDelayMs = ms;
    },
    failBindings(count, message = DEFAULT_BINDING_FAILURE) {
      if (!Number.isInteger(count) || count < 0) throw new TypeError(`faults.failBindings(count, message?): count must be an integer ≥ 0, got ${String(count)}.`);
      if (typeof message !== 'string' || message === '') {
        throw new TypeError(`faults.failBindings(count, message?): message must be a non-empty string such as '${DEFAULT_BINDING_FAILURE}', got ${JSON.stringify(message ?? null)}.`);
      }
      realtime.faults.bindingFailures.set(count, message);
    },
    reset() {
      realtime.endBlackholes();
      realtime.faults.reset();
      auth.faults.reset();
      // Tokens the expire fault declared expired become usable again, so one test's fault
      // does not leak into the next test's joins.
      realtime.expired.clear();
    },
  };
}
