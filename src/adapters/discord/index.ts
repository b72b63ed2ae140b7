/** The Discord adapter's public surface, for the composition root and the CLI. */
export { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from './discord-adapter.js';
export type { ThreadAfterReveal } from './discord-chat.js';
export { commandDefinitions, type RegisterCommandsOptions, registerCommands } from './discord-commands.js';
