/** Discord's role to notify when the question is posted. */
export interface NotifyCatalog {
  set(roleId: string): string;
  off: string;
  status(roleId: string | null): string;
  discordOnly: string;
  helpLine: string;
}
