import { rule, type ErrorRule } from './errorRule';

/** HTTP statuses; other 5xx fall back to `serverErrorRule`, other 4xx to `clientErrorRule`. */
export const httpStatusRules: Readonly<Record<number, ErrorRule>> = {
  400: rule('query', false, 'contact-admin', 'The request could not be processed.', 'bad_request'),
  401: rule('auth', false, 'reauthenticate', 'Your session has expired. Please sign in again.', 'unauthorized'),
  403: rule('permission', false, 'contact-admin', 'You do not have permission to do this.', 'forbidden'),
  404: rule('not-found', false, 'none', 'The requested item was not found.', 'not_found'),
  406: rule('not-found', false, 'none', 'The requested item was not found.', 'not_acceptable'),
  408: rule('timeout', true, 'retry', 'The request took too long. Please try again.', 'request_timeout'),
  409: rule('constraint', false, 'fix-data', 'This change conflicts with existing data. Please check your input.', 'conflict'),
  413: rule('query', false, 'fix-data', 'The request is too large.', 'payload_too_large'),
  422: rule('constraint', false, 'fix-data', 'A value is not valid. Please check your input.', 'unprocessable'),
  425: rule('timeout', true, 'retry', 'Please try again.', 'too_early'),
  429: rule('rate-limit', true, 'retry', 'Too many requests. Please wait a moment and try again.', 'too_many_requests'),
  500: rule('unknown', true, 'retry', 'The service had a problem. Please try again.', 'internal_server_error'),
  502: rule('connection', true, 'retry', 'The service is unreachable. Please try again.', 'bad_gateway'),
  503: rule('connection', true, 'retry', 'The service is unavailable. Please try again shortly.', 'service_unavailable'),
  504: rule('timeout', true, 'retry', 'The service took too long to answer. Please try again.', 'gateway_timeout'),
};

export const serverErrorRule: ErrorRule = rule('unknown', true, 'retry', 'The service had a problem. Please try again.', 'server_error');
export const clientErrorRule: ErrorRule = rule('query', false, 'contact-admin', 'The request could not be processed.', 'client_error');
