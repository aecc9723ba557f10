import type { IncomingMessage } from 'node:http';
import type { Database } from '../types';
import { AuthError, checkPassword, invalidCredentials, unexpectedFailure, validationFailed } from './authError';
import { issueTokens, type TokenSettings } from './issueTokens';
import { hashPassword, verifyPassword } from './passwordHash';
import { refreshGrant } from './refreshGrant';
import { RefreshFaults } from './refreshFaults';
import { requireUser } from './requireUser';
import { createSession, deleteSessions } from './sessionStore';
import { userJson } from './userJson';
import { findUserByEmail, findUserById, insertUser, updateUser, type UserRow } from './userStore';

export interface AuthServiceOptions extends TokenSettings {
  db: Database;
  /** Whether `/signup` without email or phone signs in anonymously. */
  anonymousSignIns: boolean;
  /** GoTrue's `REFRESH_TOKEN_REUSE_INTERVAL`, in seconds. */
  refreshTokenReuseInterval: number;
}

type Body = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const EMAIL_PROVIDER = { provider: 'email', providers: ['email'] };

function readEmail(value: unknown): string {
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) throw validationFailed('Unable to validate email address: invalid format');
  return value.trim().toLowerCase(); // GoTrue stores and compares emails lower-cased
}

function readMetadata(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw validationFailed('"data" must be a JSON object of user metadata');
  return value as Record<string, unknown>;
}

const phoneUnsupported = () => new AuthError(422, 'phone_provider_disabled', 'Phone sign-ins are not supported by the dev server; use email');

/**
 * The GoTrue operations behind `/auth/v1` (the subset auth-js 2.x calls). Operations that
 * write run one at a time, so two sign-ups of one email or two refreshes of one token cannot
 * interleave (GoTrue uses row locks for the same reason).
 */
export class AuthService {
  readonly faults = new RefreshFaults();
  #o: AuthServiceOptions;
  #queue: Promise<unknown> = Promise.resolve();
  /** The earliest `iat` (seconds) of tokens issued from now on; see `tokensExpired`. */
  #issuedAtFloor = 0;

  constructor(options: AuthServiceOptions) {
    this.#o = options;
  }

  get anonymousSignIns(): boolean {
    return this.#o.anonymousSignIns;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** `POST /signup`: an email user (confirmed at once), or an anonymous one without email and phone. */
  signUp(body: Body): Promise<Record<string, unknown>> {
    return this.#serial(async () => {
      const { db } = this.#o;
      const data = readMetadata(body.data);
      if (!body.email && !body.phone) {
        if (!this.#o.anonymousSignIns) throw new AuthError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
        const user = await insertUser(db, { email: null, passwordHash: null, appMetadata: {}, userMetadata: data, isAnonymous: true });
        return this.#newSession(user.id, 'anonymous');
      }
      if (!body.email) throw phoneUnsupported();
      const email = readEmail(body.email);
      const password = checkPassword(body.password, 'Signup requires a valid password');
      if (await findUserByEmail(db, email)) throw new AuthError(422, 'user_already_exists', 'User already registered');
      const user = await insertUser(db, {
        email,
        passwordHash: await hashPassword(password),
        appMetadata: EMAIL_PROVIDER,
        userMetadata: { ...data, email_verified: true },
        isAnonymous: false,
      });
      return this.#newSession(user.id, 'password');
    });
  }

  /** `server.auth.createUser`: a confirmed email user, without a session. */
  createUser(email: string, password: string, userMetadata: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.#serial(async () => {
      if (await findUserByEmail(this.#o.db, email)) {
        throw new Error(`server.auth.createUser: a user with email ${email} already exists; use another email or sign in as that user.`);
      }
      const user = await insertUser(this.#o.db, {
        email,
        passwordHash: await hashPassword(password),
        appMetadata: EMAIL_PROVIDER,
        userMetadata: { ...userMetadata, email_verified: true },
        isAnonymous: false,
      });
      return userJson(user);
    });
  }

  /** `POST /token?grant_type=password`. */
  passwordGrant(body: Body): Promise<Record<string, unknown>> {
    return this.#serial(async () => {
      if (body.email && body.phone) throw validationFailed('Only an email address or phone number should be provided on login.');
      if (body.phone) throw phoneUnsupported();
      if (typeof body.email !== 'string' || typeof body.password !== 'string') throw invalidCredentials();
      const user = await findUserByEmail(this.#o.db, body.email.trim().toLowerCase());
      if (!user || !(await verifyPassword(body.password, user.encrypted_password))) throw invalidCredentials();
      return this.#newSession(user.id, 'password');
    });
  }

  /** `POST /token?grant_type=refresh_token`. */
  refresh(body: Body): Promise<Record<string, unknown>> {
    return this.#serial(async () => {
      const fault = this.faults.take();
      if (fault) throw fault;
      const { db } = this.#o;
      const session = await refreshGrant(db, body.refresh_token, this.#o.refreshTokenReuseInterval);
      const user = await findUserById(db, session.userId);
      if (!user) throw unexpectedFailure();
      return this.#issue(user, session);
    });
  }

  /** `POST /logout?scope=`: deletes sessions (and so their refresh tokens). */
  logout(req: IncomingMessage, scope: string): Promise<void> {
    return this.#serial(async () => {
      if (!['', 'global', 'local', 'others'].includes(scope)) throw validationFailed(`Unsupported logout scope "${scope}"`);
      const { user, sessionId } = await requireUser(req, this.#o.db, this.#o.jwtSecret);
      if (scope === 'local' && sessionId) await deleteSessions(this.#o.db, { userId: user.id, only: sessionId });
      else if (scope === 'others') await deleteSessions(this.#o.db, { userId: user.id, except: sessionId });
      else if (scope !== 'local') await deleteSessions(this.#o.db, { userId: user.id });
    });
  }

  /** `GET /user`. */
  async getUser(req: IncomingMessage): Promise<Record<string, unknown>> {
    const { user } = await requireUser(req, this.#o.db, this.#o.jwtSecret);
    return userJson(user);
  }

  /** `PUT /user`: email, password and `data` (merged into `user_metadata`; null values delete keys). */
  updateUser(req: IncomingMessage, body: Body): Promise<Record<string, unknown>> {
    return this.#serial(async () => {
      const { db } = this.#o;
      const { user } = await requireUser(req, db, this.#o.jwtSecret);
      if (body.phone) throw phoneUnsupported();
      const changes: Parameters<typeof updateUser>[2] = {};
      if (body.data !== undefined) {
        const metadata: Record<string, unknown> = { ...user.raw_user_meta_data };
        for (const [key, value] of Object.entries(readMetadata(body.data))) {
          if (value === null) delete metadata[key];
          else metadata[key] = value;
        }
        changes.userMetadata = metadata;
      }
      if (body.email !== undefined && body.email !== '') {
        const email = readEmail(body.email);
        const owner = await findUserByEmail(db, email);
        if (owner && owner.id !== user.id) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
        if (email !== user.email) {
          // Confirmed at once, as with autoconfirm; an anonymous user becomes an email user.
          changes.email = email;
          changes.isAnonymous = false;
          changes.appMetadata = { ...user.raw_app_meta_data, ...EMAIL_PROVIDER };
        }
      }
      if (body.password !== undefined) {
        const password = checkPassword(body.password, 'Password update requires a valid password');
        if (user.is_anonymous && !changes.email) {
          throw new AuthError(422, 'validation_failed', 'Updating password of an anonymous user without an email or phone is not allowed');
        }
        if (await verifyPassword(password, user.encrypted_password)) {
          throw new AuthError(422, 'same_password', 'New password should be different from the old password.');
        }
        changes.passwordHash = await hashPassword(password);
      }
      return userJson(await updateUser(db, user.id, changes));
    });
  }

  /**
   * The `expireTokens` fault declared every token issued so far expired, as if their `exp` had
   * passed. Time has then passed for the tokens issued afterwards too: they get a later `iat`.
   * Without that, a refresh within the same second as the token it replaces would sign the very
   * same claims, so the client would get the "expired" token back, which a real expiry never does.
   */
  tokensExpired(at: number = Date.now()): void {
    this.#issuedAtFloor = Math.max(this.#issuedAtFloor, Math.floor(at / 1000) + 1);
  }

  #issue(user: UserRow, session: { sessionId: string; refreshToken: string }): Promise<Record<string, unknown>> {
    return issueTokens(this.#o.db, this.#o, user, session, Math.max(Math.floor(Date.now() / 1000), this.#issuedAtFloor));
  }

  /** Deletes every session and refresh token, as a global sign-out of everyone or a ban would. */
  revokeSessions(): Promise<void> {
    return this.#serial(() => deleteSessions(this.#o.db, 'all'));
  }

  async #newSession(userId: string, method: string): Promise<Record<string, unknown>> {
    const { db } = this.#o;
    const session = await createSession(db, userId, method);
    const user = await updateUser(db, userId, { signedIn: true });
    return this.#issue(user, session);
  }
}
