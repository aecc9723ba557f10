import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, readJsonBody } from '../http/readJsonBody';
import type { DevServerLogger } from '../types';
import { AuthError, unexpectedFailure, validationFailed } from './authError';
import type { AuthService } from './authService';
import { sendAuthError, sendAuthJson } from './sendAuthResponse';

export const AUTH_PREFIX = '/auth/v1';

export const isAuthPath = (path: string) => path === AUTH_PREFIX || path.startsWith(`${AUTH_PREFIX}/`);

type Body = Record<string, unknown>;

async function readBody(req: IncomingMessage): Promise<Body> {
  try {
    const body = await readJsonBody(req);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed('The request body must be a JSON object');
    return body as Body;
  } catch (error) {
    if (error instanceof BadRequestError) throw validationFailed(error.message);
    throw error;
  }
}

/** `GET /settings` with what this server offers (supabase/auth `internal/api/settings.go`). */
function settings(auth: AuthService): Record<string, unknown> {
  return {
    external: { anonymous_users: auth.anonymousSignIns, email: true, phone: false },
    disable_signup: false,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
  };
}

/**
 * `/auth/v1/*`: the GoTrue routes auth-js calls (`signup`, `token`, `logout`, `user`) plus
 * `settings` and `health`. Errors use GoTrue's statuses, codes and body shapes.
 */
export async function handleAuthRoutes(auth: AuthService, logger: DevServerLogger, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.slice(AUTH_PREFIX.length).replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /health':
        return sendAuthJson(req, res, 200, { version: 'devserver', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
      case 'GET /settings':
        return sendAuthJson(req, res, 200, settings(auth));
      case 'POST /signup':
        return sendAuthJson(req, res, 200, await auth.signUp(await readBody(req)));
      case 'POST /token': {
        const grant = url.searchParams.get('grant_type');
        const body = await readBody(req);
        if (grant === 'password') return sendAuthJson(req, res, 200, await auth.passwordGrant(body));
        if (grant === 'refresh_token') return sendAuthJson(req, res, 200, await auth.refresh(body));
        throw new AuthError(400, 'invalid_credentials', 'unsupported_grant_type');
      }
      case 'POST /logout':
        await auth.logout(req, url.searchParams.get('scope') ?? '');
        return sendAuthJson(req, res, 204);
      case 'GET /user':
        return sendAuthJson(req, res, 200, await auth.getUser(req));
      case 'PUT /user':
        return sendAuthJson(req, res, 200, await auth.updateUser(req, await readBody(req)));
      default:
        return sendAuthError(
          req,
          res,
          new AuthError(404, 'not_found', `The dev server's auth does not handle ${route}; it has signup, token, logout, user, settings and health.`),
        );
    }
  } catch (error) {
    if (error instanceof AuthError) return sendAuthError(req, res, error);
    logger.error('auth: request failed', { route, error: String(error) });
    return sendAuthError(req, res, unexpectedFailure());
  }
}
