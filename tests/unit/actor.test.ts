import { actorFromRequest, historyActor } from '../../server/src/utils/actor';

describe('actorFromRequest', () => {
  it.each([
    ['no request', undefined, 'system'],
    ['admin JWT', { state: { user: { id: 3, roles: [] }, auth: { strategy: { name: 'admin' } } } }, 'admin'],
    ['admin token', { state: { user: { id: 3 }, auth: { strategy: { name: 'admin-token' } } } }, 'admin'],
    ['MCP, user without roles and no strategy', { state: { user: { id: 3 }, auditSource: 'mcp' } }, 'admin'],
    [
      'learner JWT',
      { state: { user: { id: 9 }, auth: { strategy: { name: 'users-permissions' } } } },
      'learner',
    ],
    [
      'content API token',
      { state: { auth: { strategy: { name: 'api-token' }, credentials: { id: 1 } } } },
      'api-token',
    ],
    ['public request', { state: {} }, 'anonymous'],
    ['a user with no strategy outside MCP', { state: { user: { id: 3 } } }, 'unknown'],
    ['admin strategy without a user', { state: { auth: { strategy: { name: 'admin' } } } }, 'unknown'],
  ])('%s', (_label, ctx, kind) => {
    expect(actorFromRequest(ctx as never).kind).toBe(kind);
  });

  it('writes who acted into history', () => {
    expect(historyActor({ kind: 'admin', user: { id: 4 } })).toBe('admin:4');
    expect(historyActor({ kind: 'learner', userId: 7 })).toBe('learner:7');
    expect(historyActor({ kind: 'api-token', tokenId: 1 })).toBe('lms');
    expect(historyActor({ kind: 'unknown' })).toBeNull();
  });
});
