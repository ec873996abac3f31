/**
 * Whether `PAPERBOY_ADMINS` names this user, on any platform in the same syntax: a bare user id (any
 * workspace) or `workspace:user` (a Slack team id or Discord guild id, then the user id).
 */
export function isListedAdmin(allowList: readonly string[], workspaceId: string, userId: string): boolean {
  return allowList.includes(userId) || allowList.includes(`${workspaceId}:${userId}`);
}
