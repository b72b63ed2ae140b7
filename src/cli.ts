import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withCliStore, withDeadline } from './cli-database.js';
import { gradeLines, gradingBank, humanLine, jsonLine } from './cli-grade.js';
import { ConfigError, loadConfig } from './config.js';
import { isComplete } from './core/bank/content.js';
import { exportCsv, exportJson, exportMarkdown } from './core/bank/export.js';
import { lintLines, lintReport } from './core/bank/lint.js';
import { planImport } from './core/bank/plan.js';
import type { ParsedBank } from './core/bank/types.js';
import { keywordGrader } from './core/grading/keyword-grader.js';
import { messages } from './core/i18n/catalog.js';
import type { Store } from './core/ports.js';
import { bankErrorLines } from './core/render.js';
import { effectiveBank, textFor } from './core/selection.js';
import { isLocale, type Locale, type Platform } from './core/types.js';
import { DatabaseUnavailableError, migrateDatabase } from './db/open-database.js';
import { graderFromConfig } from './grading/index.js';
import { readBankFile, readFileAtMost } from './io/read-bank-file.js';
import { createLogger } from './logger.js';
import { runConsole, startService } from './main.js';
import { installProcessGuards } from './process-guard.js';

const USAGE = `sa-quiz — daily AWS Solutions Architect interview questions

Usage:
  sa-quiz start                       run the service (console channel when no Slack/Discord token)
  sa-quiz play                        the console channel
  sa-quiz migrate                     apply database migrations
  sa-quiz bank lint FILE... [--json] [--lang ko|en]
  sa-quiz bank import FILE... [--workspace ID] [--lang ko|en]
  sa-quiz bank export [--format md|json|csv] [--lang ko|en] [--workspace ID] [--out FILE]
  sa-quiz bank list [--workspace ID]
  sa-quiz grade FILE.jsonl [--json] [--lang ko|en] [--workspace ID]
                                      grade {"question","answer"} lines against the bank's key points
  sa-quiz discord register [--guild ID]   register the slash commands (needs DISCORD_TOKEN, DISCORD_APPLICATION_ID)
  sa-quiz export-workspace PLATFORM EXTERNAL-ID [--out FILE]
                                      everything stored about one workspace as one JSON document
                                      (also after an uninstall, until its grace period ends)

A workspace ID is platform:external-id (slack:T0123, discord:1234, console:local).
Environment: DATABASE_URL (PostgreSQL; else PGlite in DATA_DIR, default ./data), see README.`;

class UsageError extends Error {}
/** A command that cannot be done as asked; said in one line, without the usage text. */
class CommandError extends Error {}

function localeOption(value: string | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  if (!isLocale(value)) throw new UsageError(`--lang must be ko or en, not "${value}"`);
  return value;
}

async function readBanks(files: readonly string[], locale: Locale | undefined): Promise<ParsedBank[]> {
  if (files.length === 0) throw new UsageError('name at least one bank file');
  return Promise.all(
    files.map(async (file) => {
      const read = await readBankFile(file, locale);
      if ('unreadable' in read) throw new UsageError(`cannot read ${file}: ${read.unreadable}`);
      return read.bank;
    }),
  );
}

function parseWorkspace(id: string | undefined): { platform: Platform; externalId: string } | null {
  if (id === undefined) return null;
  const [platform, ...rest] = id.split(':');
  const externalId = rest.join(':');
  if (!platform || externalId === '' || !['slack', 'discord', 'console'].includes(platform)) {
    throw new UsageError(
      `--workspace must look like slack:T0123, discord:1234 or console:local, not "${id}"`,
    );
  }
  return { platform: platform as Platform, externalId };
}

/** The scope --workspace names: null is the global library; a workspace never seen is refused. */
async function existingScope(store: Store, id: string | undefined): Promise<number | null> {
  const ws = parseWorkspace(id);
  if (ws === null) return null;
  const found = await store.findWorkspace(ws.platform, ws.externalId);
  if (!found) throw new CommandError(`no workspace ${id} in this database`);
  return found.id;
}

async function bank(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      workspace: { type: 'string' },
      format: { type: 'string', default: 'md' },
      out: { type: 'string' },
    },
  });
  const [action, ...files] = positionals;
  const locale = localeOption(values.lang);
  switch (action) {
    case 'lint': {
      const report = lintReport(await readBanks(files, locale));
      if (values.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const line of lintLines(report)) process.stdout.write(`${line}\n`);
      }
      // Warnings and questions without key points never fail a lint; errors do.
      return report.errors.length > 0 ? 1 : 0;
    }
    case 'import': {
      const parsed = await readBanks(files, locale);
      const target = parseWorkspace(values.workspace);
      const config = loadConfig(process.env);
      const ifCutShort = 'nothing was imported (an import is one transaction)';
      return withCliStore(
        config,
        async (store) => {
          // A workspace named for the first time is created with its questions, in one transaction.
          const existing = target ? await store.findWorkspace(target.platform, target.externalId) : null;
          const global = await store.listQuestions(null);
          const plan = planImport(
            parsed,
            existing ? effectiveBank(global, await store.listQuestions(existing.id)) : global,
          );
          if (plan.errors.length > 0) {
            for (const line of bankErrorLines(messages('en'), plan.errors)) process.stderr.write(`${line}\n`);
            process.stderr.write(`nothing imported: ${plan.errors.length} error(s)\n`);
            return 1;
          }
          const writes = [...plan.fresh, ...plan.updated];
          await store.transaction(async (tx) => {
            const scope = target
              ? (
                  existing ??
                  (await tx.ensureWorkspace(target.platform, target.externalId, target.externalId))
                ).id
              : null;
            await tx.saveQuestions(scope, writes, `import:${files.join(',')}`);
          });
          process.stdout.write(
            `imported: ${plan.fresh.length} new, ${plan.updated.length} updated, ${plan.unchanged} unchanged, ${plan.duplicatesMerged} duplicates merged, ${plan.incomplete.length} incomplete\n`,
          );
          return 0;
        },
        { ifCutShort },
      );
    }
    case 'export': {
      const format = values.format;
      if (format !== 'md' && format !== 'json' && format !== 'csv')
        throw new UsageError(`--format must be md, json or csv, not "${format}"`);
      const lang = locale ?? 'ko';
      const content = await withCliStore(
        loadConfig(process.env),
        async (store) => {
          const scope = await existingScope(store, values.workspace);
          const questions = await store.listQuestions(scope);
          const bankQuestions = questions.map((q) => ({ key: q.key, texts: q.texts, sources: [q.source] }));
          return format === 'json'
            ? exportJson(bankQuestions, lang)
            : format === 'csv'
              ? exportCsv(bankQuestions, lang)
              : exportMarkdown(bankQuestions, lang, 'sa-quiz question bank');
        },
        { ifCutShort: 'nothing was exported' },
      );
      if (values.out) await writeFile(values.out, content);
      else process.stdout.write(content);
      return 0;
    }
    case 'list': {
      return withCliStore(
        loadConfig(process.env),
        async (store) => {
          const scope = await existingScope(store, values.workspace);
          const questions = await store.listQuestions(scope);
          for (const q of questions) {
            const text = textFor(q, locale ?? 'ko');
            process.stdout.write(
              `${isComplete(text) ? '✔' : '·'} ${q.key.padEnd(32)} ${text.title}  [${text.categories.join(', ')}]\n`,
            );
          }
          process.stdout.write(
            `${questions.length} questions (${questions.filter((q) => isComplete(textFor(q, locale ?? 'ko'))).length} complete)\n`,
          );
          return 0;
        },
        { ifCutShort: 'nothing was changed' },
      );
    }
    default:
      throw new UsageError(`unknown bank action "${action ?? ''}"`);
  }
}

/** The most a `grade` input file may hold. */
const MAX_GRADE_FILE_BYTES = 64 * 1024 * 1024;

async function grade(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, lang: { type: 'string' }, workspace: { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('grade takes one FILE.jsonl');
  const lang = localeOption(values.lang);
  const read = await readFileAtMost(file, MAX_GRADE_FILE_BYTES);
  if ('tooLarge' in read) throw new CommandError(`${file} is too large: ${read.tooLarge}`);
  if ('unreadable' in read) throw new CommandError(`cannot read ${file} (${read.unreadable})`);
  const config = loadConfig(process.env);
  const results = await withCliStore(
    config,
    async (store) => {
      const scope = await existingScope(store, values.workspace);
      const questions = await gradingBank(store, scope);
      const grader = graderFromConfig(config, keywordGrader, createLogger(config.logLevel, 'stderr'));
      return gradeLines(new TextDecoder().decode(read.bytes), questions, grader, lang);
    },
    { ifCutShort: 'nothing was graded' },
  );
  for (const result of results)
    process.stdout.write(`${values.json ? jsonLine(result) : humanLine(result)}\n`);
  return 0;
}

/** `export-workspace slack T0123 [--out FILE]`: the whole workspace as JSON (src/core/uninstall.ts). */
async function exportWorkspace(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const [platform, externalId, ...extra] = positionals;
  if (!platform || !externalId || extra.length > 0)
    throw new UsageError('export-workspace takes a platform (slack, discord, console) and an external id');
  if (!['slack', 'discord', 'console'].includes(platform))
    throw new UsageError(`the platform must be slack, discord or console, not "${platform}"`);
  const document = await withCliStore(
    loadConfig(process.env),
    (store) => store.exportWorkspace(platform as Platform, externalId, new Date()),
    { ifCutShort: 'nothing was exported' },
  );
  if (!document) throw new CommandError(`no workspace ${platform}:${externalId} in this database`);
  const content = `${JSON.stringify(document, null, 2)}\n`;
  if (values.out) {
    // Answers and names: readable by the operator only.
    await writeFile(values.out, content, { mode: 0o600 });
    process.stderr.write(
      `exported ${platform}:${externalId}: ${document.channels.length} channels, ${document.rounds.length} rounds, ${document.questions.length} questions, ${document.practiceCards.length} practice cards to ${values.out}\n`,
    );
  } else process.stdout.write(content);
  return 0;
}

async function discord(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { guild: { type: 'string' } },
  });
  if (positionals[0] !== 'register') throw new UsageError(`unknown discord action "${positionals[0] ?? ''}"`);
  const config = loadConfig(process.env);
  if (!config.discord) throw new ConfigError('DISCORD_TOKEN is not set');
  if (!config.discord.applicationId) throw new ConfigError('DISCORD_APPLICATION_ID is not set');
  const { registerCommands } = await import('./adapters/discord/index.js');
  const count = await registerCommands({
    token: config.discord.token,
    applicationId: config.discord.applicationId,
    apiUrl: config.discord.apiUrl,
    guildId: values.guild,
  });
  process.stdout.write(
    `registered ${count} commands ${values.guild ? `in guild ${values.guild}` : 'globally (may take up to an hour to appear)'}\n`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  switch (command) {
    case 'start':
    case 'play': {
      const config = loadConfig(process.env);
      const consoleMode = command === 'play' || (!config.slack && !config.discord);
      if (consoleMode) {
        const log = createLogger(process.env.LOG_LEVEL ?? 'warn', 'stderr');
        installProcessGuards(log);
        await runConsole(config, log, process.stdin, (text) => process.stdout.write(`${text}\n`));
        return 0;
      }
      const log = createLogger(config.logLevel);
      installProcessGuards(log);
      const service = await startService(config, log);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      log.info({ signal }, 'shutting down: finishing posts and reveals in progress');
      // Orchestrators kill after a grace period; finish well inside it or give up cleanly.
      const deadline = setTimeout(() => {
        log.error({ signal }, 'shutdown took longer than 10 s; exiting');
        log.flush();
        process.exit(1);
      }, 10_000);
      await service.stop();
      clearTimeout(deadline);
      log.info({}, 'stopped');
      log.flush();
      return 0;
    }
    case 'migrate': {
      const config = loadConfig(process.env);
      const where = await withDeadline(
        config,
        migrateDatabase({ url: config.databaseUrl, dataDir: config.dataDir }),
        'migrations already applied stay applied; run it again',
      );
      process.stdout.write(`migrations applied to ${where}\n`);
      return 0;
    }
    case 'bank':
      return bank(rest);
    case 'discord':
      return discord(rest);
    case 'grade':
      return grade(rest);
    case 'export-workspace':
      return exportWorkspace(rest);
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`sa-quiz: ${error.message}\n\n${USAGE}\n`);
    else if (error instanceof DatabaseUnavailableError) {
      // Exit now: a database that stopped answering leaves sockets that would keep the process up.
      process.stderr.write(`sa-quiz: ${error.message}\n`);
      process.exit(3);
    } else if (error instanceof ConfigError || error instanceof CommandError)
      process.stderr.write(`sa-quiz: ${error.message}\n`);
    else if (
      error instanceof Error &&
      error.name === 'TypeError' &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`sa-quiz: ${error.message}\n\n${USAGE}\n`);
    } else
      process.stderr.write(
        `sa-quiz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exitCode = 2;
  },
);
