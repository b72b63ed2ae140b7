/** `/sa-admin channel-managers`: whether channel managers may administer their own channel. */
export interface ManagersCatalog {
  /** The setting now, with who counts as a channel manager on this platform. */
  status(allowed: boolean, platform: 'slack' | 'discord' | 'console'): string;
  /** Turned on or off, with what it means on this platform. */
  set(allowed: boolean, platform: 'slack' | 'discord' | 'console'): string;
  helpLine: string;
}
