import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  defaultBodyLimit,
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
  isRawBodyError,
  type SocketModeReceiver,
} from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { errorText } from './slack-context.js';

/**
 * What reaches Bolt from Slack's side, checked first. Bolt's HTTP receiver verifies the signature
 * and then reads `body.ssl_check` and `body.type` of whatever JSON the body held: a signed `null`
 * (or `payload=null`) throws there, in a promise nobody awaits, and the process ends. Arrays,
 * numbers and objects without a type went on to the app, which found no listener and left them
 * unanswered for 3 s. It also accepts a timestamp any distance in the future, so a request signed
 * ahead of time stays valid for as long as its author likes. Here every POST to the events URL is
 * read (within Bolt's body limit), verified as Bolt does, refused 401 when its timestamp is more
 * than 5 minutes ahead, and refused 400 unless its body has the shape Slack sends; only then does
 * Bolt see it (and verify it again, on the body already read).
 *
 * Socket Mode has the same weakness one level down: `@slack/socket-mode` reads `event.type` and
 * `event.payload.event.type` of each frame in an async listener whose rejection nobody handles.
 * Frames that are not envelopes of that shape are dropped with a warning, and any other failure
 * in that listener is logged instead of ending the process.
 */

const EVENTS_PATH = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';
/** Slack's own window: a request older, or this much newer, than our clock is refused. */
const MAX_CLOCK_SKEW_S = 5 * 60;

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where Bolt's body parsing takes this body from, and what it holds; throws when it is not JSON. */
function readBody(
  text: string,
  contentType: string | undefined,
): { from: 'json' | 'payload' | 'form'; body: unknown } {
  // Exactly Bolt's rules (HTTPModuleFunctions.parseHTTPRequestBody), so what passes here is what Bolt sees.
  if (contentType === FORM) {
    const fields = parseQuery(text);
    if (typeof fields.payload === 'string') return { from: 'payload', body: JSON.parse(fields.payload) };
    return { from: 'form', body: fields };
  }
  return { from: 'json', body: JSON.parse(text) };
}

/** Why Slack would never send this body, or null when it looks like one of its requests. */
export function requestBodyProblem(from: 'json' | 'payload' | 'form', body: unknown): string | null {
  if (!isRecord(body)) return 'the body is not an object';
  // A slash command is the one form Slack posts without a JSON payload (ssl_check aside).
  if (from === 'form') return typeof body.command === 'string' ? null : 'a form without command or payload';
  if (typeof body.type !== 'string') return 'the body has no type';
  if (body.event !== undefined && !isRecord(body.event)) return 'its event is not an object';
  if (body.type === 'event_callback' && !isRecord(body.event)) return 'an event_callback without an event';
  return null;
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

function isEventsPost(req: IncomingMessage, endpoints: readonly string[]): boolean {
  if (req.method?.toUpperCase() !== 'POST') return false;
  try {
    return endpoints.includes(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return false; // Bolt answers an unreadable URL itself.
  }
}

export interface ScreenOptions {
  readonly signingSecret: string;
  /** Bolt's `bodyLimit` (bytes, or raw-body's '4mb' form). */
  readonly bodyLimit: number | string;
  readonly log: Logger;
  /** Milliseconds since the epoch; Bolt's own check reads Date.now() as well. */
  readonly now?: () => number;
}

/**
 * Reads, verifies and checks one request to the events URL; true when Bolt may have it (its
 * body is then buffered on the request, where Bolt looks first), false when it was answered.
 */
export async function screenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ScreenOptions,
): Promise<boolean> {
  const { log } = options;
  let text: string;
  try {
    const buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
      { enabled: true, signingSecret: options.signingSecret, bodyLimit: options.bodyLimit },
      req,
    );
    text = buffered.rawBody.toString();
  } catch (error) {
    if (isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413)) {
      log.warn({ limit: options.bodyLimit }, 'refused a Slack request over the body size limit');
      answer(res, 413);
      return false;
    }
    log.warn({ err: errorText(error) }, 'refused a Slack request that failed verification');
    answer(res, 401);
    return false;
  }
  const contentType = req.headers['content-type'];
  // Slack's unsigned SSL check: Bolt has already reduced it to `ssl_check=1` and answers it.
  if (contentType === FORM && parseQuery(text).ssl_check === '1') return true;
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  const nowS = Math.floor((options.now ?? Date.now)() / 1000);
  if (timestamp > nowS + MAX_CLOCK_SKEW_S) {
    log.warn({ aheadS: timestamp - nowS }, 'refused a Slack request timestamped in the future');
    answer(res, 401);
    return false;
  }
  let problem: string | null;
  try {
    const { from, body } = readBody(text, contentType);
    problem = requestBodyProblem(from, body);
  } catch {
    problem = 'the body is not JSON';
  }
  if (problem) {
    log.warn({ problem }, 'refused a malformed Slack request');
    answer(res, 400);
    return false;
  }
  return true;
}

/**
 * Bolt's HTTP receiver, with every POST to its events URL screened by `screenRequest` first.
 * Other paths (custom routes such as `/healthz`) go to Bolt untouched.
 */
export class ScreenedHTTPReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions, log: Logger) {
    super(options);
    const bolt = this.requestListener;
    const endpoints =
      options.endpoints === undefined
        ? [EVENTS_PATH]
        : Array.isArray(options.endpoints)
          ? options.endpoints
          : [options.endpoints];
    const screen: ScreenOptions = {
      signingSecret: options.signingSecret,
      bodyLimit: options.bodyLimit ?? defaultBodyLimit,
      log,
    };
    this.requestListener = (req, res) => {
      // Not ours to check: Bolt routes it (and turns what it cannot route into a 404).
      if (!isEventsPost(req, endpoints)) return bolt(req, res);
      screenRequest(req, res, screen)
        .then((passed) => {
          if (passed) bolt(req, res);
        })
        .catch((error: unknown) => {
          log.error({ err: errorText(error) }, 'a Slack request failed before Bolt saw it');
          answer(res, 500);
        });
    };
  }
}

/** Why a Socket Mode frame is not an envelope the client can handle, or null when it is one. */
export function envelopeProblem(frame: unknown): string | null {
  if (!isRecord(frame)) return 'the frame is not an object';
  if (typeof frame.type !== 'string') return 'the frame has no type';
  if (frame.type === 'hello' || frame.type === 'disconnect') return null;
  if (!isRecord(frame.payload)) return 'its payload is not an object';
  if (frame.type === 'events_api' && !isRecord(frame.payload.event)) return 'its event is not an object';
  return null;
}

type SocketClient = SocketModeReceiver['client'];
type FrameListener = (data: unknown, isBinary: boolean) => unknown;

/**
 * Puts `envelopeProblem` in front of the Socket Mode client's own frame listener, and logs what
 * that listener throws instead of leaving an unhandled rejection.
 */
export function screenSocketFrames(client: SocketClient, log: Logger): void {
  const listeners = client.listeners('ws_message') as FrameListener[];
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    if (!isBinary && typeof data === 'string') {
      let frame: unknown;
      try {
        frame = JSON.parse(data);
      } catch {
        log.warn({ problem: 'the frame is not JSON' }, 'dropped a malformed Socket Mode frame');
        return;
      }
      const problem = envelopeProblem(frame);
      if (problem) {
        // Not acked: only Slack writes on this socket, and the client's ack is private to it.
        // Slack redelivers an unacked envelope a few times; each copy is dropped the same way.
        const envelopeId =
          isRecord(frame) && typeof frame.envelope_id === 'string' ? frame.envelope_id : null;
        log.warn({ problem, envelopeId }, 'dropped a malformed Socket Mode envelope');
        return;
      }
    }
    for (const listener of listeners) {
      Promise.resolve()
        .then(() => listener(data, isBinary))
        .catch((error: unknown) => {
          log.error({ err: errorText(error) }, 'a Socket Mode frame could not be handled');
        });
    }
  });
}
