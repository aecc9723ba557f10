import type { DevServerAuth, DevServerUser } from '../types';
import type { AuthService } from './authService';

const fail = (message: string): never => {
  throw new TypeError(`server.auth.createUser: ${message}`);
};

/** `server.auth`: validated test-setup calls over the auth service. */
export function createDevServerAuth(auth: AuthService): DevServerAuth {
  return {
    async createUser(user) {
      if (!user || typeof user !== 'object') fail('pass { email, password, user_metadata? }.');
      const { email, password, user_metadata: metadata = {} } = user;
      if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) fail('email must be an address such as ada@example.com.');
      if (typeof password !== 'string' || password.length < 6 || password.length > 72) {
        fail('password must be a string of 6 to 72 characters (GoTrue\'s default rules).');
      }
      if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) fail('user_metadata must be a plain object.');
      return (await auth.createUser(email.trim().toLowerCase(), password, metadata)) as DevServerUser;
    },
  };
}
