import request from 'supertest';
import type { Core } from '@strapi/strapi';

export const PASSWORD = 'Test-pass-2026';

export type Http = ReturnType<typeof request>;

export const http = (strapi: Core.Strapi) => request(strapi.server.httpServer);

/** The first admin, made through the public registration route as a site owner would. */
export const registerSuperAdmin = async (strapi: Core.Strapi, email = 'owner@test.local') => {
  const res = await http(strapi)
    .post('/admin/register-admin')
    .send({ email, firstname: 'Site', lastname: 'Owner', password: PASSWORD });
  if (res.status !== 200) throw new Error(`register-admin failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.data.token as string, user: res.body.data.user as { id: number } };
};

export const createAdminUser = async (
  strapi: Core.Strapi,
  email: string,
  roleCodes: string[]
): Promise<{ id: number; email: string }> => {
  const roles = await strapi.db.query('admin::role').findMany({ where: { code: { $in: roleCodes } } });
  if (roles.length !== roleCodes.length) throw new Error(`Unknown admin role in ${roleCodes.join(', ')}`);
  return strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Test',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: roles.map((r: { id: number }) => r.id),
  });
};

/** Logs in once per persona: /admin/login is rate-limited per email and IP. */
export const adminLogin = async (strapi: Core.Strapi, email: string): Promise<string> => {
  const res = await http(strapi).post('/admin/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token;
};

export const createLearner = async (strapi: Core.Strapi, username: string) => {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  return strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username,
      email: `${username}@learners.test`,
      password: PASSWORD,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
    }) as Promise<{ id: number; documentId: string; email: string; username: string }>;
};

export const learnerLogin = async (strapi: Core.Strapi, identifier: string): Promise<string> => {
  const res = await http(strapi).post('/api/auth/local').send({ identifier, password: PASSWORD });
  if (res.status !== 200) throw new Error(`learner login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.jwt;
};

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
