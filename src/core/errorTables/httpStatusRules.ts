import { rule, type ErrorRule } from './errorRule';

/** HTTP statuses; other 5xx fall back to `serverErrorRule`, other 4xx to `clientErrorRule`. */
export const httpStatusRules: Readonly<Record<number, ErrorRule>> = {
  400: rule('query', false, 'contact-admin', 'bad_request'),
  401: rule('auth', false, 'reauthenticate', 'unauthorized'),
  403: rule('permission', false, 'contact-admin', 'forbidden'),
  404: rule('not-found', false, 'none', 'not_found'),
  406: rule('not-found', false, 'none', 'not_acceptable'),
  408: rule('timeout', true, 'retry', 'request_timeout'),
  409: rule('constraint', false, 'fix-data', 'conflict'),
  413: rule('query', false, 'fix-data', 'payload_too_large'),
  422: rule('constraint', false, 'fix-data', 'unprocessable'),
  425: rule('timeout', true, 'retry', 'too_early'),
  429: rule('rate-limit', true, 'retry', 'too_many_requests'),
  500: rule('unknown', true, 'retry', 'internal_server_error'),
  502: rule('connection', true, 'retry', 'bad_gateway'),
  503: rule('connection', true, 'retry', 'service_unavailable'),
  504: rule('timeout', true, 'retry', 'gateway_timeout'),
};

export const serverErrorRule: ErrorRule = rule('unknown', true, 'retry', 'server_error');
export const clientErrorRule: ErrorRule = rule('query', false, 'contact-admin', 'client_error');
