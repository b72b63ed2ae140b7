import { type AdminDeps, type AdminReply, adminReply, enter, errorReply } from './admin-gate.js';
import { MAX_QUESTIONS_PER_UPLOAD } from './bank/limits.js';
import { parseBankBytes, parseBankText } from './bank/parse.js';
import { type ImportPlan, planImport } from './bank/plan.js';
import type { BankQuestion } from './bank/types.js';
import { keyPointsFor } from './grading/key-points.js';
import { bankErrorLines, messageView } from './render.js';
import type { Actor, ChannelAddress, Question } from './types.js';
import { type ViewBlock, view } from './views.js';

const PREVIEW_LIMIT = 15;

/** A workspace's own questions (imported over the global library or added), at most. */
export const MAX_QUESTIONS_PER_WORKSPACE = MAX_QUESTIONS_PER_UPLOAD;

/** How many questions the workspace would hold of its own after the plan: every write lands in its scope. */
function ownQuestionsAfter(bank: readonly Question[], plan: ImportPlan): number {
  const keys = new Set(bank.filter((q) => q.workspaceId !== null).map((q) => q.key));
  for (const q of [...plan.fresh, ...plan.updated]) keys.add(q.key);
  return keys.size;
}

/**
 * Bank uploads: a file is previewed (what it would add, change and merge, and its errors) and
 * stored; an admin of the same workspace confirms it (one transaction) or cancels it.
 */
export class BankUploads {
  constructor(private readonly deps: AdminDeps) {}

  /** Reads an uploaded bank and shows what importing it would do. Nothing is imported yet. */
  async previewUpload(
    address: ChannelAddress,
    actor: Actor,
    fileName: string,
    bytes: Uint8Array,
  ): Promise<AdminReply> {
    const entry = await enter(this.deps, address, actor, 'workspace');
    if (!entry.ok) return entry.refused;
    const { channel, m } = entry;
    const parsed = parseBankBytes(fileName, bytes);
    const bank = await this.deps.quiz.bankFor(channel.workspaceId);
    const plan = planImport([parsed], bank);
    const own = ownQuestionsAfter(bank, plan);
    if (own > MAX_QUESTIONS_PER_WORKSPACE)
      return errorReply(m, {
        code: 'workspace_bank_full',
        params: { count: own, max: MAX_QUESTIONS_PER_WORKSPACE },
      });
    const blocks: ViewBlock[] = [
      {
        kind: 'text',
        text: m.uploadCounts({
          read: plan.fresh.length + plan.updated.length + plan.unchanged,
          unchanged: plan.unchanged,
          fresh: plan.fresh.length,
          updated: plan.updated.length,
          merged: plan.duplicatesMerged,
          incomplete: plan.incomplete.length,
          errors: plan.errors.length,
        }),
      },
    ];
    // In the channel's language when the file has it, else whichever language it has.
    const capped = (lines: readonly string[]): string[] =>
      lines.length > PREVIEW_LIMIT
        ? [...lines.slice(0, PREVIEW_LIMIT), m.andMore(lines.length - PREVIEW_LIMIT)]
        : [...lines];
    const titles = (qs: readonly BankQuestion[]): string[] =>
      capped(
        qs.map((q) => (q.texts[channel.locale] ?? Object.values(q.texts).find(Boolean))?.title ?? q.key),
      );
    if (plan.errors.length > 0)
      blocks.push({
        kind: 'list',
        heading: m.uploadErrors,
        items: bankErrorLines(m, plan.errors).slice(0, 30),
      });
    if (plan.fresh.length > 0) blocks.push({ kind: 'list', heading: m.uploadNew, items: titles(plan.fresh) });
    if (plan.updated.length > 0)
      blocks.push({ kind: 'list', heading: m.uploadUpdated, items: titles(plan.updated) });
    // Entries folded into another question, and why (a stored key updated is listed above).
    const merges = plan.merges.filter((g) => !(g.existing && g.reason === 'same_id'));
    if (merges.length > 0)
      blocks.push({
        kind: 'list',
        heading: m.uploadMerged,
        items: capped(merges.map((g) => m.uploadMergeLine(g))),
      });
    if (plan.incomplete.length > 0)
      blocks.push({ kind: 'list', heading: m.uploadIncomplete, items: titles(plan.incomplete) });
    // Questions that will not be graded: answers to them get no coverage and no feedback note.
    const ungraded = [...plan.fresh, ...plan.updated].filter(
      (q) => keyPointsFor(q.texts, channel.locale).length === 0,
    );
    if (ungraded.length > 0)
      blocks.push({ kind: 'list', heading: m.feedback.uploadWithoutKeyPoints, items: titles(ungraded) });
    const writable = plan.errors.length === 0 && plan.fresh.length + plan.updated.length > 0;
    if (!writable)
      return adminReply(
        view(plan.errors.length > 0 ? 'error' : 'info', m.uploadPreviewTitle(fileName), blocks),
      );
    const upload = await this.deps.store.saveUpload({
      workspaceId: channel.workspaceId,
      actorId: actor.userId,
      fileName,
      content: new TextDecoder().decode(bytes),
      createdAt: this.deps.clock.now(),
    });
    return adminReply(
      view('info', m.uploadPreviewTitle(fileName), blocks, {
        actions: [
          { id: 'upload.confirm', label: m.uploadConfirm, value: String(upload.id), style: 'primary' },
          { id: 'upload.cancel', label: m.uploadCancel, value: String(upload.id), style: 'danger' },
        ],
      }),
    );
  }

  /** Imports a previewed upload in one transaction: all of it or, on any error, none of it. */
  async confirmUpload(address: ChannelAddress, actor: Actor, uploadId: number): Promise<AdminReply> {
    const opened = await this.open(address, actor, uploadId);
    if (!opened.ok) return opened.refused;
    const { channel, m, upload } = opened;
    const bank = await this.deps.quiz.bankFor(channel.workspaceId);
    const plan = planImport([parseBankText(upload.fileName, upload.content)], bank);
    if (plan.errors.length > 0)
      return errorReply(m, { code: 'bank_has_errors', params: { count: plan.errors.length } });
    // Checked again: other uploads may have been confirmed since the preview.
    const own = ownQuestionsAfter(bank, plan);
    if (own > MAX_QUESTIONS_PER_WORKSPACE)
      return errorReply(m, {
        code: 'workspace_bank_full',
        params: { count: own, max: MAX_QUESTIONS_PER_WORKSPACE },
      });
    const writes = [...plan.fresh, ...plan.updated];
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      await tx.saveQuestions(channel.workspaceId, writes, `upload:${upload.fileName}`);
      await tx.deleteUpload(upload.id);
      await tx.audit(
        channel.workspaceId,
        actor.userId,
        'upload',
        { file: upload.fileName, questions: writes.length },
        now,
      );
    });
    return adminReply(messageView('success', m.uploadDone(writes.length)));
  }

  async cancelUpload(address: ChannelAddress, actor: Actor, uploadId: number): Promise<AdminReply> {
    const opened = await this.open(address, actor, uploadId);
    if (!opened.ok) return opened.refused;
    await this.deps.store.deleteUpload(opened.upload.id);
    return adminReply(messageView('info', opened.m.uploadCancelled));
  }

  /**
   * A stored upload, for an admin of the workspace it was uploaded to; for anyone else, or with
   * another workspace's id, "not found" (which also does not say whether such an upload exists).
   */
  private async open(address: ChannelAddress, actor: Actor, uploadId: number) {
    const entry = await enter(this.deps, address, actor, 'workspace');
    if (!entry.ok) return entry;
    const upload = await this.deps.store.getUpload(uploadId);
    if (!upload || upload.workspaceId !== entry.channel.workspaceId)
      return { ok: false, refused: errorReply(entry.m, { code: 'upload_not_found' }) } as const;
    return { ...entry, upload } as const;
  }
}
